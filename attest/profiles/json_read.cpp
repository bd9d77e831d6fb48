#include "attest/profiles/json_read.hpp"

#include <cstddef>

#include "attest/profiles/parsers.hpp"
#include "attest/profiles/text.hpp"

namespace attest::detail {
namespace {

constexpr int kMaxDepth = 64;
// Candidate object starts tried before giving up: bounds the work on garbage.
constexpr int kMaxCandidates = 16;

enum class Scan { closed, unclosed, too_deep };

struct ScanResult {
  Scan status = Scan::unclosed;
  std::size_t end = 0;  // one past the closing brace
};

// Finds the brace that closes the object opened at text[start], skipping
// strings. Depth is bounded here because a deeply nested document would
// exhaust the stack of a recursive consumer later.
ScanResult scan_object(std::string_view text, std::size_t start) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = start; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[') {
      if (++depth > kMaxDepth) return {Scan::too_deep, 0};
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return {Scan::closed, i + 1};
    }
  }
  return {Scan::unclosed, 0};
}

std::optional<Json> parse_slice(std::string_view slice) {
  try {
    Json j = Json::parse(slice.begin(), slice.end(), nullptr, /*allow_exceptions=*/false);
    if (j.is_object()) return j;
  } catch (const std::exception&) {
    // parse() without exceptions can still throw on allocation; treat as unparseable.
  }
  return std::nullopt;
}

}  // namespace

Result<Json> parse_json_output(std::string_view text, std::string_view command) {
  int candidates = 0;
  Scan last = Scan::unclosed;
  for (std::size_t at = text.find('{'); at != std::string_view::npos && candidates < kMaxCandidates;) {
    ++candidates;
    const auto scanned = scan_object(text, at);
    last = scanned.status;
    if (scanned.status == Scan::too_deep) return parse_error(command, "JSON nested deeper than 64 levels");
    if (scanned.status == Scan::unclosed) break;  // later starts lie inside this one
    if (auto j = parse_slice(text.substr(at, scanned.end - at))) return std::move(*j);
    // Not JSON (e.g. Junos "{master:0}"): look after it, not inside it.
    at = text.find('{', scanned.end);
  }
  if (candidates == 0)
    return parse_error(command, "output is not JSON (no '{'): \"" + text::excerpt(text) + "\"");
  if (last == Scan::unclosed) return parse_error(command, "JSON is truncated (an object is never closed)");
  return parse_error(command, "output is not valid JSON");
}

Result<Json> json_output(const CommandOutputs& outputs, std::string_view command) {
  auto text = output_text(outputs, command);
  if (!text) return text.error();
  return parse_json_output(*text, command);
}

const Json* member(const Json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  const auto it = obj.find(std::string(key));
  return it == obj.end() ? nullptr : &*it;
}

const Json* first_object(const Json* value) {
  if (value == nullptr) return nullptr;
  if (value->is_object()) return value;
  if (value->is_array() && !value->empty() && value->front().is_object()) return &value->front();
  return nullptr;
}

std::optional<std::string> string_member(const Json& obj, std::string_view key) {
  const Json* v = member(obj, key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  const auto& s = v->get_ref<const std::string&>();
  if (text::trim(s).empty()) return std::nullopt;
  return s;
}

std::optional<std::string> junos_data(const Json& obj, std::string_view key) {
  const Json* leaf = first_object(member(obj, key));
  if (leaf == nullptr) return std::nullopt;
  return string_member(*leaf, "data");
}

}  // namespace attest::detail
