#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "attest/ssh/userauth_failure.hpp"

using attest::ssh::parse_userauth_failure;

namespace {

// byte 51, string name-list, boolean (RFC 4252 §5.1), then `tail` bytes of
// whatever else the allocation holds (padding, MAC).
std::vector<unsigned char> failure(const std::string& methods, unsigned char partial, std::size_t tail = 0) {
  std::string b = std::string("\x33\0\0\0", 4) + static_cast<char>(methods.size()) + methods;
  b += static_cast<char>(partial);
  b += std::string(tail, '\xa5');
  return std::vector<unsigned char>(b.begin(), b.end());
}

}  // namespace

TEST_CASE("a partial success names the methods that can continue") {
  const auto b = failure("publickey,keyboard-interactive", 1, 12);
  const auto f = parse_userauth_failure(b.data(), b.size());
  REQUIRE(f);
  CHECK(f->partial_success);
  CHECK(f->methods == std::vector<std::string>{"publickey", "keyboard-interactive"});
}

TEST_CASE("a plain failure is not a partial success") {
  const auto b = failure("password", 0);
  const auto f = parse_userauth_failure(b.data(), b.size());
  REQUIRE(f);
  CHECK_FALSE(f->partial_success);
}

TEST_CASE("other messages and damaged failures are not read as failures") {
  auto other = failure("password", 0);
  other[0] = 50;  // SSH_MSG_USERAUTH_REQUEST: our own request being freed
  CHECK_FALSE(parse_userauth_failure(other.data(), other.size()));
  auto bad_bool = failure("password", 2);
  CHECK_FALSE(parse_userauth_failure(bad_bool.data(), bad_bool.size()));
  auto binary = failure(std::string("pass\x01word", 9), 1);
  CHECK_FALSE(parse_userauth_failure(binary.data(), binary.size()));
  auto trailing_comma = failure("password,", 1);
  CHECK_FALSE(parse_userauth_failure(trailing_comma.data(), trailing_comma.size()));
  auto truncated = failure("publickey", 1);
  truncated.pop_back();
  CHECK_FALSE(parse_userauth_failure(truncated.data(), truncated.size()));
  CHECK_FALSE(parse_userauth_failure(nullptr, 0));
}
