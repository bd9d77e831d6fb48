// Names and ids from input files (device, rack, site, credential, user,
// profile, DB entry) end up in terminals, reports, HTML, log lines and SSH
// requests. A NUL truncates them in C APIs; control characters and bidi
// overrides make one name print as another. Such names are refused.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace attest {

// Why `name` (valid UTF-8) is not a safe name: "contains a NUL character",
// "contains control character U+001B", "contains bidirectional control
// U+202E"; nullopt when it is safe.
std::optional<std::string> unsafe_name_reason(std::string_view name);

// `text` with C0, DEL, C1 and bidi controls shown as \u{XXXX}, for messages
// that must name an unsafe name (or a pointer through one) on one line.
std::string printable_name(std::string_view text);

}  // namespace attest
