#include "attest/lab/render_util.hpp"

#include <algorithm>
#include <cctype>

#include "attest/util/digest.hpp"

namespace attest::lab::render {

std::uint64_t stable_number(const Facts& facts, std::string_view salt) {
  const Bytes h = sha256(std::string(salt) + "|" + facts.serial);
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | h[static_cast<std::size_t>(i)];
  return v;
}

std::string mac(const Facts& facts, std::string_view oui, char sep) {
  static const char* hex = "0123456789abcdef";
  std::uint64_t n = stable_number(facts, "mac");
  std::string out(oui);
  for (int i = 0; i < 3; ++i) {
    out += sep;
    out += hex[(n >> 4) & 0xf];
    out += hex[n & 0xf];
    n >>= 8;
  }
  return out;
}

std::string derived_serial(const Facts& facts, std::string_view salt, std::string_view prefix, int digits) {
  static const char* alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  std::uint64_t n = stable_number(facts, salt);
  std::string out(prefix);
  for (int i = 0; i < digits; ++i) {
    out += alphabet[n % 34];
    n /= 34;
  }
  return out;
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string strip_zero_padding(std::string_view version) {
  std::string out;
  bool at_component_start = true;
  for (std::size_t i = 0; i < version.size(); ++i) {
    const char c = version[i];
    const bool more_digits = i + 1 < version.size() && std::isdigit(static_cast<unsigned char>(version[i + 1]));
    if (at_component_start && c == '0' && more_digits) continue;
    out += c;
    at_component_start = c == '.';
  }
  return out;
}

bool refuses(const Facts& f, std::string_view cmd) {
  const std::string list = f.get("refuse", "");
  std::size_t start = 0;
  while (start <= list.size()) {
    const auto end = std::min(list.find(';', start), list.size());
    if (std::string_view(list).substr(start, end - start) == cmd) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace attest::lab::render
