#include "attest/lab/runtime.hpp"

#include <sys/resource.h>

#include <cstdio>

#include "attest/util/clock.hpp"

namespace attest::lab {

std::size_t raise_fd_limit() {
  rlimit r{};
  if (::getrlimit(RLIMIT_NOFILE, &r) != 0) return 0;
  if (r.rlim_cur < r.rlim_max) {
    r.rlim_cur = r.rlim_max;
    (void)::setrlimit(RLIMIT_NOFILE, &r);
    (void)::getrlimit(RLIMIT_NOFILE, &r);
  }
  return static_cast<std::size_t>(r.rlim_cur);
}

void Log::line(const std::string& device, const std::string& message) const {
  if (quiet_) return;
  const std::string text = utc_now_rfc3339() + " attest-lab: " + device + ": " + message + "\n";
  std::lock_guard lock(mutex_);
  std::fputs(text.c_str(), stderr);
}

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text.substr(0, 200)) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + (text.size() > 200 ? "...\"" : "\"");
}

}  // namespace attest::lab
