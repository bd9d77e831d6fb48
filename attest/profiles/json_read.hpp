// Safe reading of the JSON that devices print (`| json`, `| display json`):
// nothing here throws, every accessor checks the type it expects.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "attest/profiles/profile.hpp"
#include "attest/util/result.hpp"

namespace attest::detail {

using Json = nlohmann::json;

// The first JSON object in a command's output. Text around it (an echoed
// command, a Junos "{master:0}" line, a trailing prompt) is ignored; an
// object nested deeper than 64 levels or never closed is an Error.
Result<Json> parse_json_output(std::string_view text, std::string_view command);

// parse_json_output over the cleaned output of `command` (see output_text).
Result<Json> json_output(const CommandOutputs& outputs, std::string_view command);

// obj[key] when `obj` is an object that holds `key`, else nullptr.
const Json* member(const Json& obj, std::string_view key);

// The element itself when it is an object, the first element of a non-empty
// array, else nullptr. Cisco's `| json` turns one-row tables into objects.
const Json* first_object(const Json* value);

// obj[key] when it is a non-empty string.
std::optional<std::string> string_member(const Json& obj, std::string_view key);

// Junos' XML-as-JSON leaf: obj[key][0]["data"] as a non-empty string.
std::optional<std::string> junos_data(const Json& obj, std::string_view key);

}  // namespace attest::detail
