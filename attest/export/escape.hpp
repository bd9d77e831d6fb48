// Strings from a report made safe for markup. Both exports share one strict
// UTF-8 decoder, so HTML and XML agree on what a hostile byte becomes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace attest::exports {

// What happens to invalid UTF-8 and to code points a reader should never see
// (controls other than tab/LF/CR, noncharacters, bidi overrides).
enum class Unsafe {
  replace,  // U+FFFD: a person sees that something was there (HTML)
  drop,     // removed: XML 1.0 forbids most of them outright (JUnit)
};

// Valid UTF-8 holding only code points allowed in XML 1.0 and harmless to display.
std::string clean_text(std::string_view raw, Unsafe policy);

// For HTML text and attribute values alike: clean_text(replace) with & < > " ' escaped.
std::string html_escape(std::string_view raw);

// For XML text and attribute values alike: clean_text(drop) with & < > " ' escaped,
// and tab/LF/CR as character references so attribute normalization keeps them.
std::string xml_escape(std::string_view raw);

// At most `max_code_points` code points of already-clean text; when cut, the last is "…".
std::string truncate_code_points(std::string_view clean, std::size_t max_code_points);

}  // namespace attest::exports
