// Defensive reads of a report.json: the exports render old reports, reports
// with fields added later, and hand-edited ones. A missing key, a null or a
// value of an unexpected type yields an empty result, never an exception.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace attest::exports {

using json = nlohmann::ordered_json;

// obj[key] when obj is an object holding key, else a null value.
const json& field(const json& obj, const char* key);

// obj[key] when it is an array, else an empty array: loops need no checks.
const json& items(const json& obj, const char* key);

// Any value as display text: strings as they are, null as "", numbers and
// booleans as JSON, a list of strings one per line, empty lists and objects as
// "(none)", anything else as compact JSON (invalid UTF-8 replaced, so dumping
// never throws).
std::string text_of(const json& value);
std::string text(const json& obj, const char* key);

// obj[key] when it is an integer number, else nothing.
std::optional<std::int64_t> integer(const json& obj, const char* key);

// The closed vocabulary of verdicts and finding statuses. Anything else in a
// report is `unknown`, which both exports treat as blocking (fail closed).
enum class Status { pass, fail, error, skip, waived, unknown };
Status parse_status(const json& value);
const char* status_name(Status s);  // "pass", ..., "unknown": safe as a CSS class

using Rows = std::vector<std::pair<std::string, std::string>>;

// Appends `value` as (name, text) rows: objects become one row per leaf with
// dotted names ("quote.pcrs.sha256.0"), down to a few levels, then compact JSON.
void flatten(const json& value, const std::string& name, Rows& out);

// The run's metadata, whatever top-level fields this report has: everything
// but the bulky `devices`, `racks`, `summary` and `controls`, flattened. Both exports show
// it, so a field added to report.json later appears without a change here.
Rows run_metadata(const json& report);

}  // namespace attest::exports
