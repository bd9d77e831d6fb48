#include "attest/ssh/userauth_failure.hpp"

namespace attest::ssh {
namespace {

constexpr unsigned char kUserauthFailure = 51;
constexpr std::size_t kMaxNameList = 1024;  // method lists are a few dozen bytes

bool method_char(unsigned char c) { return c > 0x20 && c < 0x7f && c != ','; }

}  // namespace

std::optional<UserauthFailure> parse_userauth_failure(const unsigned char* data, std::size_t size) {
  if (data == nullptr || size < 6 || data[0] != kUserauthFailure) return std::nullopt;
  const std::size_t len = (std::size_t{data[1]} << 24) | (std::size_t{data[2]} << 16) |
                          (std::size_t{data[3]} << 8) | std::size_t{data[4]};
  if (len > kMaxNameList || 5 + len + 1 > size) return std::nullopt;
  const unsigned char partial = data[5 + len];
  if (partial > 1) return std::nullopt;
  UserauthFailure out;
  out.partial_success = partial == 1;
  std::string name;
  for (std::size_t i = 5; i < 5 + len; ++i) {
    const unsigned char c = data[i];
    if (c == ',') {
      if (name.empty()) return std::nullopt;
      out.methods.push_back(std::move(name));
      name.clear();
    } else if (method_char(c)) {
      name += static_cast<char>(c);
    } else {
      return std::nullopt;
    }
  }
  if (!name.empty()) out.methods.push_back(std::move(name));
  else if (len > 0) return std::nullopt;  // a trailing comma
  return out;
}

}  // namespace attest::ssh
