#include <doctest/doctest.h>

#include "attest/config/json_reader.hpp"

using namespace attest;

namespace {

// The first error of reading one integer field "n" in 1-100.
std::string integer_error(const std::string& text) {
  auto out = read_document(text, "f.json", {"n"}, 0, [](JsonReader& r, int& n) { r.integer("n", n, 1, 100); });
  return out.ok() ? "" : out.error().message;
}

}  // namespace

TEST_CASE("pointer tokens escape '~' and '/' as RFC 6901 says") {
  CHECK(pointer_append("/credentials", "a/b~c") == "/credentials/a~1b~0c");
  CHECK(pointer_append("", std::size_t{3}) == "/3");
}

TEST_CASE("integers out of range never wrap into range") {
  CHECK(integer_error(R"({"n": 18446744073709551615})") == "f.json: /n: must be an integer 1-100");
  CHECK(integer_error(R"({"n": -9223372036854775808})") == "f.json: /n: must be an integer 1-100");
  CHECK(integer_error(R"({"n": 1e2})") == "f.json: /n: must be an integer 1-100");
  CHECK(integer_error(R"({"n": true})") == "f.json: /n: must be an integer 1-100");
  CHECK(integer_error(R"({"n": 100})").empty());
}

TEST_CASE("a document that is not an object is reported at the file") {
  CHECK(integer_error("[1]") == "f.json: must be an object");
  CHECK(integer_error("") == "f.json: invalid JSON at line 1, column 1");
}

TEST_CASE("map keys with a slash appear escaped in error pointers") {
  auto out = read_document(R"({"m": {"a/b": {"x": 1}}})", "f.json", {"m"}, 0, [](JsonReader& r, int&) {
    r.map("m", {"y"}, true, [](const std::string&, JsonReader&) {});
  });
  REQUIRE_FALSE(out.ok());
  CHECK(out.error().message == "f.json: /m/a~1b/x: unknown field (expected one of: y)");
}
