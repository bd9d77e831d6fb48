// Line and field helpers shared by the vendor parsers. Pure functions over
// string_view; they never index outside their input.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace attest::text {

// Removes what a terminal adds around device text: CR, ANSI escape
// sequences, backspace-erased pager prompts ("--More--") and other control
// bytes. Tabs and newlines stay.
std::string clean(std::string_view raw);

// Splits on '\n'; the views point into `text`.
std::vector<std::string_view> lines(std::string_view text);

std::string_view trim(std::string_view s);

bool iequals(std::string_view a, std::string_view b);

// The first whitespace-delimited word of `s` (empty when there is none).
std::string_view first_word(std::string_view s);

// The value of a "Key <sep> value" line when the trimmed text before the
// first `sep` equals `key` (ignoring case) and the value is not empty.
std::optional<std::string_view> field(std::string_view line, std::string_view key, char sep = ':');

// The first non-empty `field` among the lines of `text`.
std::optional<std::string_view> find_field(std::string_view text, std::string_view key, char sep = ':');

// The trimmed rest of the first line that starts (after trimming) with `prefix`.
std::optional<std::string_view> find_after_prefix(std::string_view text, std::string_view prefix);

// Values that firmware prints when it does not know ("N/A", "To Be Filled
// By O.E.M.", ...): they identify nothing, so they count as missing.
bool is_placeholder(std::string_view value);

// `s` cut to `max` characters with "..." appended, for error messages that
// quote device output.
std::string excerpt(std::string_view s, std::size_t max = 80);

}  // namespace attest::text
