#include <doctest/doctest.h>

#include "attest/util/names.hpp"

using namespace attest;

TEST_CASE("ordinary names, UTF-8 included, are safe") {
  CHECK_FALSE(unsafe_name_reason("srv-r01-01"));
  CHECK_FALSE(unsafe_name_reason("Zürich rack 7 ✓"));
}

TEST_CASE("NUL, C0, DEL and C1 characters are refused with their code point") {
  CHECK(unsafe_name_reason(std::string("a\0b", 3)) == std::optional<std::string>("contains a NUL character"));
  CHECK(unsafe_name_reason("a\tb") == std::optional<std::string>("contains control character U+0009"));
  CHECK(unsafe_name_reason("a\x7f") == std::optional<std::string>("contains control character U+007F"));
  CHECK(unsafe_name_reason("a\xc2\x9b" "31m") == std::optional<std::string>("contains control character U+009B"));
}

TEST_CASE("bidi overrides and isolates are refused, other format characters are not") {
  CHECK(unsafe_name_reason("sw\xe2\x80\xae" "1") == std::optional<std::string>("contains bidirectional control U+202E"));
  CHECK(unsafe_name_reason("\xe2\x81\xa6x") == std::optional<std::string>("contains bidirectional control U+2066"));
  CHECK(unsafe_name_reason("\xe2\x81\xa9") == std::optional<std::string>("contains bidirectional control U+2069"));
  CHECK_FALSE(unsafe_name_reason("\xe2\x80\xa9"));  // U+2029, not a bidi control
}

TEST_CASE("printable_name shows unsafe characters as escapes and keeps the rest") {
  CHECK(printable_name(std::string("/racks/a\0b", 10)) == "/racks/a\\u{0000}b");
  CHECK(printable_name("x\xe2\x80\xaey ü") == "x\\u{202E}y ü");
}
