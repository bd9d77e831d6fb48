#include "attest/export/report_fields.hpp"

#include <algorithm>

namespace attest::exports {
namespace {

const json kNull;
const json kEmptyArray = json::array();

bool all_strings(const json& list) {
  return std::all_of(list.begin(), list.end(), [](const json& v) { return v.is_string(); });
}

}  // namespace

const json& field(const json& obj, const char* key) {
  if (!obj.is_object()) return kNull;
  const auto it = obj.find(key);
  return it == obj.end() ? kNull : *it;
}

const json& items(const json& obj, const char* key) {
  const json& v = field(obj, key);
  return v.is_array() ? v : kEmptyArray;
}

std::string text_of(const json& value) {
  if (value.is_string()) return value.get_ref<const std::string&>();
  if (value.is_null()) return {};
  if ((value.is_array() || value.is_object()) && value.empty()) return "(none)";
  if (value.is_array() && all_strings(value)) {
    std::string lines;
    for (std::size_t i = 0; i < value.size(); ++i) lines += (i ? "\n" : "") + value[i].get_ref<const std::string&>();
    return lines;
  }
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string text(const json& obj, const char* key) { return text_of(field(obj, key)); }

std::optional<std::int64_t> integer(const json& obj, const char* key) {
  const json& v = field(obj, key);
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<std::int64_t>(u);
  }
  if (v.is_number_integer()) return v.get<std::int64_t>();
  return std::nullopt;
}

Status parse_status(const json& value) {
  if (!value.is_string()) return Status::unknown;
  const auto& s = value.get_ref<const std::string&>();
  if (s == "pass") return Status::pass;
  if (s == "fail") return Status::fail;
  if (s == "error") return Status::error;
  if (s == "skip") return Status::skip;
  if (s == "waived") return Status::waived;
  return Status::unknown;
}

const char* status_name(Status s) {
  switch (s) {
    case Status::pass: return "pass";
    case Status::fail: return "fail";
    case Status::error: return "error";
    case Status::skip: return "skip";
    case Status::waived: return "waived";
    case Status::unknown: return "unknown";
  }
  return "unknown";
}

namespace {

constexpr int kMaxFlattenDepth = 4;  // deeper than any report field; a hostile one stops here

void flatten_to(const json& value, const std::string& name, int depth, Rows& out) {
  if (!value.is_object() || value.empty() || depth == kMaxFlattenDepth) {
    out.emplace_back(name, text_of(value));
    return;
  }
  for (const auto& [key, child] : value.items()) flatten_to(child, name.empty() ? key : name + "." + key, depth + 1, out);
}

}  // namespace

void flatten(const json& value, const std::string& name, Rows& out) { flatten_to(value, name, 0, out); }

Rows run_metadata(const json& report) {
  Rows rows;
  if (!report.is_object()) return rows;
  for (const auto& [key, value] : report.items())
    if (key != "devices" && key != "racks" && key != "summary" && key != "controls") flatten(value, key, rows);
  return rows;
}

}  // namespace attest::exports
