// Untrusted text made safe: strict UTF-8 (RFC 3629), and what a reader of a
// markup file or a terminal must never be shown. Knows nothing of devices or
// reports; evidence, exports and the terminal table all go through here, so
// they agree on what a hostile byte becomes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace attest {

// Valid UTF-8: every invalid sequence (stray byte, overlong, surrogate, cut
// sequence, above U+10FFFF) becomes U+FFFD; every valid code point is kept,
// controls included, so parsers still see the device's own line structure.
std::string valid_utf8(std::string_view raw);

// True when `text` is strict UTF-8 (valid_utf8 would return it unchanged).
bool is_valid_utf8(std::string_view text);

// What happens to invalid UTF-8 and to code points a reader should never see
// (controls other than tab/LF/CR, noncharacters, bidi overrides/isolates).
enum class Unsafe {
  replace,  // U+FFFD: a person sees that something was there (HTML)
  drop,     // removed: XML 1.0 forbids most of them outright (JUnit)
};

// Valid UTF-8 holding only code points allowed in XML 1.0 and harmless to display.
std::string clean_text(std::string_view raw, Unsafe policy);

// One line for a terminal: escape sequences (CSI, OSC, DCS, SOS, PM, APC, in
// their 7-bit and C1 forms, and a lone ESC) removed whole, so no parameter
// text is left behind; then clean_text(drop), with tab/LF/CR as spaces.
std::string terminal_text(std::string_view raw);

// At most `max_code_points` code points of already-clean text; when cut, the last is "…".
std::string truncate_code_points(std::string_view clean, std::size_t max_code_points);

// Code points in valid UTF-8 (what a column width is counted in).
std::size_t count_code_points(std::string_view clean);

}  // namespace attest
