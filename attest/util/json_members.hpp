// Duplicate JSON members. RFC 8259 leaves them undefined and nlohmann keeps
// the last one: two "host_key" pins in one device would silently become one.
// Every parser of file input calls this, so no input file can say two things.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "attest/util/result.hpp"

namespace attest {

// An input error "<file>: <pointer>: duplicate member \"<name>\"" (RFC 6901
// pointer of the second occurrence) for the first object in `text` that
// repeats a member name; ok otherwise. Syntax errors are the caller's parser's
// to report (with their position): parse first, then call this.
[[nodiscard]] Status check_unique_members(std::string_view text, const std::string& file);

// RFC 6901 reference token: '~' -> "~0", '/' -> "~1".
std::string json_pointer_token(std::string_view name);

// The same finding without the file: "<pointer>: duplicate member \"<name>\"".
std::optional<std::string> find_duplicate_member(std::string_view text);

}  // namespace attest
