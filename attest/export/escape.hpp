// Strings from a report made safe for markup. Both exports share one strict
// UTF-8 decoder (util/text), so HTML and XML agree on what a hostile byte becomes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "attest/util/text.hpp"

namespace attest::exports {

// Shared with the evidence boundary and the terminal (attest/util/text.hpp).
using attest::clean_text;
using attest::truncate_code_points;
using attest::Unsafe;

// For HTML text and attribute values alike: clean_text(replace) with & < > " ' escaped.
std::string html_escape(std::string_view raw);

// For XML text and attribute values alike: clean_text(drop) with & < > " ' escaped,
// and tab/LF/CR as character references so attribute normalization keeps them.
std::string xml_escape(std::string_view raw);

}  // namespace attest::exports
