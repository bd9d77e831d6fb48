#include <doctest/doctest.h>

#include "attest/export/escape.hpp"
#include "sample_report.hpp"

using namespace attest::exports;

TEST_CASE("the five markup characters are escaped for text and attributes alike") {
  CHECK(html_escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;");
  CHECK(xml_escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;");
  CHECK(html_escape(sample::kCdataEnd) == "]]&gt;");
}

TEST_CASE("valid UTF-8 passes through unchanged") {
  const std::string text = "Zürich \u00b7 \u65e5\u672c \U0001F512 tab\tnew\nline";
  CHECK(clean_text(text, Unsafe::replace) == text);
  CHECK(clean_text(text, Unsafe::drop) == text);
}

TEST_CASE("invalid UTF-8 is replaced for people and dropped for XML") {
  // A stray byte, a lone continuation, an overlong '/', a surrogate, a cut sequence.
  for (const std::string bad : {"\xff", "\x80", "\xc0\xaf", "\xed\xa0\x80", "\xe2\x82", "\xf4\x90\x80\x80"}) {
    CAPTURE(bad);
    const std::string replaced = clean_text("a" + bad + "b", Unsafe::replace);
    CHECK(replaced.front() == 'a');
    CHECK(replaced.back() == 'b');
    CHECK(replaced.find("\ufffd") != std::string::npos);
    CHECK(clean_text("a" + bad + "b", Unsafe::drop) == "ab");
  }
}

TEST_CASE("control characters other than tab, LF and CR never reach the output") {
  CHECK(clean_text(std::string("a\0b", 3), Unsafe::drop) == "ab");
  CHECK(clean_text(sample::kControls, Unsafe::drop) == "[31m");
  CHECK(clean_text("\x1b", Unsafe::replace) == "\ufffd");
  CHECK(clean_text("x\u202ey\u2066z", Unsafe::drop) == "xyz");  // bidi override and isolate
  CHECK(clean_text("\ufffe\uffff\ufdd0", Unsafe::drop).empty());    // noncharacters
}

TEST_CASE("XML keeps tab, LF and CR through attribute normalization as character references") {
  CHECK(xml_escape("a\tb\nc\rd") == "a&#9;b&#10;c&#13;d");
  CHECK(html_escape("a\nb") == "a\nb");
}

TEST_CASE("truncation counts code points and never splits one") {
  CHECK(truncate_code_points("short", 10) == "short");
  CHECK(truncate_code_points("exactly10!", 10) == "exactly10!");
  CHECK(truncate_code_points("\u00e4\u00e4\u00e4\u00e4", 3) == "\u00e4\u00e4\u2026");
  CHECK(truncate_code_points(std::string(5000, 'x'), 34).size() == 33 + std::string("\u2026").size());
}
