#include "attest/util/human.hpp"

#include <cstdio>

namespace attest {

std::string group_thousands(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string human_duration(Millis d) {
  const long long ms = d.count() < 0 ? 0 : static_cast<long long>(d.count());
  char buf[48];
  // Rounded before the unit is chosen, so 9.96 s reads "10 s", never "10.0 s".
  if (const long long tenths = (ms + 50) / 100; tenths < 100) {
    std::snprintf(buf, sizeof buf, "%lld.%lld s", tenths / 10, tenths % 10);
  } else if (const long long s = (ms + 500) / 1000; s < 60) {
    std::snprintf(buf, sizeof buf, "%lld s", s);
  } else if (s < 3600) {
    std::snprintf(buf, sizeof buf, "%lld min %02lld s", s / 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%lld h %02lld min", s / 3600, s % 3600 / 60);
  }
  return buf;
}

}  // namespace attest
