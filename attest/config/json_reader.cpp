#include "attest/config/json_reader.hpp"

#include <algorithm>

#include "attest/util/json_members.hpp"
#include "attest/util/names.hpp"

namespace attest {
namespace {

// 1-based line and column of byte offset `byte` (nlohmann counts bytes read,
// so the offending byte is at byte - 1).
std::string position_text(std::string_view text, std::size_t byte) {
  const std::size_t end = std::min(byte > 0 ? byte - 1 : 0, text.size());
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

std::string range_text(std::int64_t min, std::int64_t max) {
  return "must be an integer " + std::to_string(min) + "-" + std::to_string(max);
}

}  // namespace

Result<OrderedJson> parse_json_text(std::string_view text, const std::string& file) {
  try {
    auto doc = OrderedJson::parse(text.begin(), text.end());
    if (auto unique = check_unique_members(text, file); !unique) return unique.error();
    return doc;
  } catch (const OrderedJson::parse_error& e) {
    // e.what() quotes the bytes last read: it could leak a password.
    return make_error(ErrorKind::input, file + ": invalid JSON at " + position_text(text, e.byte));
  } catch (const OrderedJson::exception& e) {
    return make_error(ErrorKind::input, file + ": invalid JSON (error " + std::to_string(e.id) + ")");
  }
}

std::string pointer_append(std::string_view base, std::string_view token) {
  return std::string(base) + "/" + json_pointer_token(token);
}

std::string pointer_append(std::string_view base, std::size_t index) {
  return pointer_append(base, std::to_string(index));
}

void ReadContext::fail(const std::string& pointer, const std::string& what) {
  if (stopped()) return;
  ++count;
  if (messages.size() >= kMaxListedErrors) return;
  // The root pointer is "": print "<file>: <what>" rather than an empty field.
  // A pointer through an unsafe name must still print as one line.
  messages.push_back(pointer.empty() ? file + ": " + what : file + ": " + printable_name(pointer) + ": " + what);
  if (!error) error = make_error(ErrorKind::input, messages.back());
}

Error ReadContext::combined() const {
  if (count <= 1 && error) return *error;
  std::string text;
  for (const auto& m : messages) text += (text.empty() ? "" : "\n") + m;
  if (count > messages.size()) text += "\n... and " + std::to_string(count - messages.size()) + " more errors";
  return make_error(ErrorKind::input, text);
}

JsonReader::JsonReader(ReadContext& ctx, const OrderedJson& node, std::string pointer, FieldList fields)
    : ctx_(&ctx), node_(&node), pointer_(std::move(pointer)), errors_before_(ctx.count) {
  if (!node.is_object()) {
    ctx_->fail(pointer_, "must be an object");
    return;
  }
  check_fields(fields);
}

// Unknown fields are reported before anything else, so that a typo
// ("hostkey") is named as such and not as a missing "host_key".
void JsonReader::check_fields(FieldList fields) {
  for (const auto& [key, value] : node_->items()) {
    if (std::find(fields.begin(), fields.end(), key) != fields.end()) continue;
    std::string expected;
    for (const auto f : fields) expected += (expected.empty() ? "" : ", ") + std::string(f);
    return ctx_->fail(at(key), "unknown field (expected one of: " + expected + ")");
  }
}

void JsonReader::fail(std::string_view key, const std::string& what) {
  ctx_->fail(key.empty() ? pointer_ : at(key), what);
}

const OrderedJson* JsonReader::member(std::string_view key) const {
  if (!node_->is_object()) return nullptr;
  const auto it = node_->find(key);
  return it == node_->end() ? nullptr : &*it;
}

// Each field of an object is read on its own: one that is missing must not
// hide another one that is wrong. A caller that derives one field from another
// checks ok() first.
const OrderedJson* JsonReader::required_member(std::string_view key, bool required) {
  if (ctx_->stopped()) return nullptr;
  const OrderedJson* node = member(key);
  if (node == nullptr && required) fail(key, "required field is missing");
  return node;
}

const OrderedJson* JsonReader::array_member(std::string_view key, bool required, bool non_empty) {
  const OrderedJson* node = required_member(key, required);
  if (node == nullptr) return nullptr;
  if (!node->is_array()) {
    fail(key, "must be an array");
    return nullptr;
  }
  if (non_empty && node->empty()) {
    fail(key, "must not be empty");
    return nullptr;
  }
  return node;
}

void JsonReader::string(std::string_view key, std::string& out, bool required, bool allow_empty) {
  const OrderedJson* node = required_member(key, required);
  if (node == nullptr) return;
  if (!node->is_string()) return fail(key, "must be a string");
  const auto& value = node->get_ref<const std::string&>();
  if (value.empty() && !allow_empty) return fail(key, "must not be empty");
  out = value;
}

void JsonReader::optional_string(std::string_view key, std::optional<std::string>& out, bool allow_empty) {
  if (!has(key)) return;
  std::string value;
  string(key, value, true, allow_empty);
  if (ok()) out = std::move(value);
}

bool JsonReader::check_name(const std::string& pointer, std::string_view value) {
  const auto reason = unsafe_name_reason(value);
  if (reason) ctx_->fail(pointer, "name " + *reason);
  return !reason;
}

void JsonReader::name(std::string_view key, std::string& out, bool required) {
  std::string value;
  string(key, value, required);
  if (ok() && has(key) && check_name(at(key), value)) out = std::move(value);
}

void JsonReader::integer(std::string_view key, int& out, std::int64_t min, std::int64_t max, bool required) {
  const OrderedJson* node = required_member(key, required);
  if (node == nullptr) return;
  // Unsigned values above INT64_MAX must not wrap into range.
  const bool in_range = node->is_number_integer() &&
                        (node->is_number_unsigned() ? node->get<std::uint64_t>() <= static_cast<std::uint64_t>(max)
                                                    : node->get<std::int64_t>() <= max) &&
                        node->get<std::int64_t>() >= min;
  if (!in_range) return fail(key, range_text(min, max));
  out = static_cast<int>(node->get<std::int64_t>());
}

void JsonReader::optional_integer(std::string_view key, std::optional<int>& out, std::int64_t min,
                                  std::int64_t max) {
  if (!has(key)) return;
  int value = 0;
  integer(key, value, min, max);
  if (ok()) out = value;
}

void JsonReader::strings(std::string_view key, std::vector<std::string>& out, bool required) {
  const OrderedJson* node = array_member(key, required, false);
  if (node == nullptr) return;
  std::vector<std::string> values;
  for (std::size_t i = 0; i < node->size(); ++i) {
    const OrderedJson& item = (*node)[i];
    if (!item.is_string() || item.get_ref<const std::string&>().empty()) {
      return ctx_->fail(pointer_append(at(key), i), "must be a non-empty string");
    }
    values.push_back(item.get<std::string>());
  }
  out = std::move(values);
}

void JsonReader::boolean(std::string_view key, bool& out) {
  const OrderedJson* node = required_member(key, false);
  if (node == nullptr) return;
  if (!node->is_boolean()) return fail(key, "must be true or false");
  out = node->get<bool>();
}

void JsonReader::string_map(std::string_view key, std::map<std::string, std::string>& out, bool required) {
  const OrderedJson* node = required_member(key, required);
  if (node == nullptr) return;
  if (!node->is_object()) return fail(key, "must be an object of strings");
  std::map<std::string, std::string> values;
  for (const auto& [name, value] : node->items()) {
    if (!value.is_string()) return ctx_->fail(pointer_append(at(key), name), "must be a string");
    values[name] = value.get<std::string>();
  }
  out = std::move(values);
}

bool JsonReader::is_null(std::string_view key) const {
  const OrderedJson* node = member(key);
  return node != nullptr && node->is_null();
}

bool JsonReader::is_array(std::string_view key) const {
  const OrderedJson* node = member(key);
  return node != nullptr && node->is_array();
}

void JsonReader::constant(std::string_view key, std::string_view expected) {
  std::string value;
  string(key, value);
  if (ok() && value != expected) fail(key, "must be \"" + std::string(expected) + "\"");
}

}  // namespace attest
