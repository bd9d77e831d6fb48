// Helpers for version tests: an ordering that must parse, and a rejection
// that must be a parse error.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "attest/profiles/version.hpp"

namespace attest::test {

inline int order(const char* scheme, const std::string& a, const std::string& b) {
  const auto result = compare_versions(scheme, a, b);
  REQUIRE_MESSAGE(result.ok(), (result.ok() ? std::string() : result.error().message));
  return *result;
}

// The parse error message for `version`; "" (a failed check) when it parsed.
inline std::string rejection(const char* scheme, const std::string& version) {
  CHECK_FALSE(is_valid_version(scheme, version));
  const auto result = compare_versions(scheme, version, version);
  if (result.ok()) return "";
  CHECK(result.error().kind == ErrorKind::parse);
  return result.error().message;
}

}  // namespace attest::test
