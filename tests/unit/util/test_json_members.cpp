#include <doctest/doctest.h>

#include "attest/util/json_members.hpp"

using namespace attest;

TEST_CASE("a document without repeated members passes") {
  CHECK(check_unique_members(R"({"a": 1, "b": {"a": 2}, "c": [{"a": 1}, {"a": 2}]})", "f.json").ok());
  CHECK(check_unique_members("[1, 2, 3]", "f.json").ok());
}

TEST_CASE("a repeated member is named with the pointer of its second occurrence") {
  auto top = check_unique_members(R"({"host_key": "x", "host_key": "y"})", "inv.json");
  REQUIRE_FALSE(top);
  CHECK(top.error().kind == ErrorKind::input);
  CHECK(top.error().message == "inv.json: /host_key: duplicate member \"host_key\"");
  auto deep = check_unique_members(
      R"({"racks": [{"devices": [{"name": "a"}, {"name": "b", "port": 22, "port": 23}]}]})", "inv.json");
  REQUIRE_FALSE(deep);
  CHECK(deep.error().message == "inv.json: /racks/0/devices/1/port: duplicate member \"port\"");
}

TEST_CASE("sibling objects may reuse names, and names are escaped in pointers and messages") {
  CHECK(check_unique_members(R"([{"a": 1}, {"a": 1}, [[{"a": 1}]]])", "f.json").ok());
  auto slash = check_unique_members(R"({"x": [0, {"a/b": 1, "a/b": 2}]})", "f.json");
  REQUIRE_FALSE(slash);
  CHECK(slash.error().message == "f.json: /x/1/a~1b: duplicate member \"a/b\"");
  auto control = check_unique_members(R"({"a\u001b": 1, "a\u001b": 2})", "f.json");
  REQUIRE_FALSE(control);
  CHECK(control.error().message == "f.json: /a\\u{001B}: duplicate member \"a\\u{001B}\"");
}

TEST_CASE("a syntax error is left to the caller's parser; a duplicate before it is still found") {
  CHECK(check_unique_members(R"({"a": 1, "b")", "f.json").ok());
  CHECK(find_duplicate_member(R"({"a": 1, "a": 2)") == std::optional<std::string>("/a: duplicate member \"a\""));
}
