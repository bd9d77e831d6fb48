#include <doctest/doctest.h>

#include "attest/util/text.hpp"

using namespace attest;

TEST_CASE("valid UTF-8 is returned unchanged, controls included") {
  const std::string text = "Z\u00fcrich \U0001F512 a\x1b[1mb\tc\r\n" + std::string(1, '\0');
  CHECK(valid_utf8(text) == text);
  CHECK(is_valid_utf8(text));
}

TEST_CASE("each invalid byte becomes one replacement character") {
  CHECK(valid_utf8("a\xff" "b") == "a\ufffd" "b");
  CHECK(valid_utf8("\xc0\xaf") == "\ufffd\ufffd");         // overlong '/'
  CHECK(valid_utf8("\xed\xa0\x80") == "\ufffd\ufffd\ufffd");  // a surrogate
  CHECK(valid_utf8("x\xe2\x82") == "x\ufffd\ufffd");        // cut at the end
  CHECK_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));            // above U+10FFFF
}

TEST_CASE("a terminal line keeps the text of a CSI colour and loses the sequence") {
  CHECK(terminal_text("\x1b[1;31mred\x1b[0m!") == "red!");
  CHECK(terminal_text("\xc2\x9b" "2Jclear") == "clear");  // the C1 form of CSI
}

TEST_CASE("an OSC 8 hyperlink shows its text and never its target") {
  CHECK(terminal_text("\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\") == "click");
  CHECK(terminal_text("\x1b]0;title\x07" "after") == "after");  // BEL ends an OSC too
  CHECK(terminal_text("\x1b]0;never ends") == "");             // unterminated: nothing of it shows
}

TEST_CASE("DCS, APC, two-byte escapes and a lone ESC are removed whole") {
  CHECK(terminal_text("a\x1bPq#0;1\x1b\\b") == "ab");
  CHECK(terminal_text("a\x1b_apc\x1b\\b") == "ab");
  CHECK(terminal_text("a\x1b" "cb") == "ab");    // RIS, a full reset
  CHECK(terminal_text("a\x1b(0b") == "ab");      // charset designation (nF)
  CHECK(terminal_text("end\x1b") == "end");
}

TEST_CASE("bidi overrides, NULs and line breaks never reach a terminal line") {
  CHECK(terminal_text("abc\u202Eevil\u202C\u2066x\u2069") == "abcevilx");
  CHECK(terminal_text(std::string("nul\0nul", 7)) == "nulnul");
  CHECK(terminal_text("two\nlines\tand\rtab") == "two lines and tab");
  CHECK(terminal_text("bad\xff") == "bad\ufffd");  // shown as replaced, not hidden
}

TEST_CASE("code points are counted, not bytes") {
  CHECK(count_code_points("\u00e4\u00e4x") == 3);
  CHECK(truncate_code_points("\u00e4\u00e4\u00e4\u00e4", 3) == "\u00e4\u00e4\u2026");
}
