#include <doctest/doctest.h>

#include "attest/profiles/text.hpp"

using namespace attest;

TEST_CASE("clean removes CR, ANSI colour and cursor sequences, and OSC titles") {
  CHECK(text::clean("a\r\nb\r\n") == "a\nb\n");
  CHECK(text::clean("\x1b[1;32mgreen\x1b[0m \x1b[2K\x1b[1Gx") == "green x");
  CHECK(text::clean("\x1b]0;root@sw1: ~\x07prompt") == "prompt");
  CHECK(text::clean("\x1b]0;title\x1b\\ok") == "ok");
}

TEST_CASE("clean honours backspaces that erase a pager prompt") {
  CHECK(text::clean(" --More-- \b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\bModel Number : X") ==
        "Model Number : X");
  CHECK(text::clean("line\n --More-- Model") == "line\nModel");
}

TEST_CASE("clean survives escape sequences cut at the end of the input") {
  CHECK(text::clean("abc\x1b") == "abc");
  CHECK(text::clean("abc\x1b[12;") == "abc");
  CHECK(text::clean("abc\x1b]0;unterminated") == "abc");
  CHECK(text::clean("\b\b\bx") == "x");
}

TEST_CASE("field matches the key before the first colon, ignoring case, and keeps later colons") {
  CHECK(text::field("Base Ethernet MAC Address : 70:b3:17:aa:bb:00", "Base Ethernet MAC Address") ==
        std::optional<std::string_view>("70:b3:17:aa:bb:00"));
  CHECK(text::field("System serial number   : FOC1", "System Serial Number") ==
        std::optional<std::string_view>("FOC1"));
  CHECK_FALSE(text::field("Model Revision Number : A0", "Model Number"));
  CHECK_FALSE(text::field("CLEI Code Number : ", "CLEI Code Number"));
  CHECK_FALSE(text::field("no separator here", "no separator here"));
}

TEST_CASE("lines splits on newlines without a phantom last line") {
  CHECK(text::lines("a\nb\n").size() == 2);
  CHECK(text::lines("a\n\nb").size() == 3);
  CHECK(text::lines("").empty());
}

TEST_CASE("placeholders are recognised whatever their case and padding") {
  CHECK(text::is_placeholder("  to be filled by o.e.m. "));
  CHECK(text::is_placeholder("N/A"));
  CHECK_FALSE(text::is_placeholder("NA123"));
}

TEST_CASE("excerpt cuts long device text for error messages") {
  CHECK(text::excerpt(std::string(200, 'x'), 10) == "xxxxxxxxxx...");
  CHECK(text::excerpt("  short  ") == "short");
}
