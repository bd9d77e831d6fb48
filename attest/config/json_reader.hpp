// A typed, pointer-aware reader over one JSON object, shared by the inventory,
// secrets and golden DB loaders. Every error it produces reads
// "<file>: <json-pointer>: <what is wrong>" (RFC 6901 pointers) and is of
// kind ErrorKind::input. By default only the first error is kept: later reads
// become no-ops, so loaders can read field after field without checking each
// one. With ErrorLimit::all (the inventory) every object is its own scope: an
// error stops the reads of that object only, its siblings are still checked,
// and the document's errors come back together, one a line.
// Errors name fields, never their values, so the secrets loader can use it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "attest/util/result.hpp"

namespace attest {

// ordered_json keeps document order, so "the first error" is the first in the file.
using OrderedJson = nlohmann::ordered_json;
using FieldList = std::initializer_list<std::string_view>;

// Parses JSON text; an object that repeats a member name is refused
// (check_unique_members). The error gives line and column only: never a
// snippet of the text, which may be a secrets file.
Result<OrderedJson> parse_json_text(std::string_view text, const std::string& file);

// RFC 6901: appends one reference token ('~' -> "~0", '/' -> "~1").
std::string pointer_append(std::string_view base, std::string_view token);
std::string pointer_append(std::string_view base, std::size_t index);

// Whether a document's reading stops at its first error or goes on.
enum class ErrorLimit { first, all };

// A document's errors are listed up to this many, then "... and N more".
inline constexpr std::size_t kMaxListedErrors = 50;

// The errors of one document, shared by all readers over it.
struct ReadContext {
  explicit ReadContext(std::string file_name, ErrorLimit error_limit = ErrorLimit::first)
      : file(std::move(file_name)), limit(error_limit) {}

  std::string file;
  std::optional<Error> error;  // the first one
  ErrorLimit limit = ErrorLimit::first;
  std::size_t count = 0;              // every error recorded
  std::vector<std::string> messages;  // the first kMaxListedErrors

  // Records "<file>: <pointer>: <what>" (with ErrorLimit::first, only while
  // no error is recorded).
  void fail(const std::string& pointer, const std::string& what);
  bool ok() const { return count == 0; }
  // True once nothing more is to be read: the first error under ErrorLimit::first.
  bool stopped() const { return limit == ErrorLimit::first && count > 0; }
  // All errors as one: the messages one a line, then "... and N more errors".
  Error combined() const;
};

class JsonReader {
 public:
  // `node` must be an object whose keys are all in `fields`; otherwise the
  // first offending key (or the node itself) is reported.
  JsonReader(ReadContext& ctx, const OrderedJson& node, std::string pointer, FieldList fields);

  // No error in this object (and the objects read through it) so far.
  bool ok() const { return !ctx_->stopped() && ctx_->count == errors_before_; }
  const std::string& pointer() const { return pointer_; }
  std::string at(std::string_view key) const { return pointer_append(pointer_, key); }
  // Records an error at member `key` (or at this object when `key` is empty).
  void fail(std::string_view key, const std::string& what);
  // Records an error at an absolute pointer (an array item, a nested field).
  void fail_at(const std::string& pointer, const std::string& what) { ctx_->fail(pointer, what); }
  bool has(std::string_view key) const { return member(key) != nullptr; }

  // Typed fields. Absent optional fields leave `out` unchanged; a required
  // field that is absent, of the wrong type or out of range is an error.
  void string(std::string_view key, std::string& out, bool required = true, bool allow_empty = false);
  void optional_string(std::string_view key, std::optional<std::string>& out, bool allow_empty = false);
  // A required (or optional) non-empty string that names something (a device,
  // a user, an id): NUL, control and bidi characters are refused.
  void name(std::string_view key, std::string& out, bool required = true);
  void integer(std::string_view key, int& out, std::int64_t min, std::int64_t max, bool required = true);
  void optional_integer(std::string_view key, std::optional<int>& out, std::int64_t min, std::int64_t max);
  void strings(std::string_view key, std::vector<std::string>& out, bool required = true);
  // An optional boolean: absent leaves `out` unchanged.
  void boolean(std::string_view key, bool& out);
  // Member object `key` of free-form names, each mapped to a string.
  void string_map(std::string_view key, std::map<std::string, std::string>& out, bool required = true);
  // True when member `key` is present and JSON null (an explicit "none").
  bool is_null(std::string_view key) const;
  // True when member `key` is present and an array (for a field that takes
  // one value or a list of them).
  bool is_array(std::string_view key) const;
  // A required string that must equal `expected` (the "schema" id).
  void constant(std::string_view key, std::string_view expected);

  // Calls fn(JsonReader&) on member object `key` (checked against `fields`).
  template <typename F>
  void object(std::string_view key, FieldList fields, bool required, F&& fn) {
    const OrderedJson* node = required_member(key, required);
    if (node == nullptr) return;
    JsonReader child(*ctx_, *node, at(key), fields);
    if (child.ok()) fn(child);
  }

  // Calls fn(JsonReader&, index) on each object of array `key`.
  template <typename F>
  void objects(std::string_view key, FieldList fields, bool required, bool non_empty, F&& fn) {
    const OrderedJson* node = array_member(key, required, non_empty);
    if (node == nullptr) return;
    for (std::size_t i = 0; i < node->size() && !ctx_->stopped(); ++i) {
      JsonReader child(*ctx_, (*node)[i], pointer_append(at(key), i), fields);
      if (child.ok()) fn(child, i);
    }
  }

  // Calls fn(name, JsonReader&) on each member of object `key`, a map of
  // name -> object (credentials by id, profiles by name). The names are
  // names: NUL, control and bidi characters are refused.
  template <typename F>
  void map(std::string_view key, FieldList fields, bool required, F&& fn) {
    const OrderedJson* node = required_member(key, required);
    if (node == nullptr) return;
    if (!node->is_object()) return fail(key, "must be an object");
    for (const auto& [name, value] : node->items()) {
      if (ctx_->stopped()) return;
      if (!check_name(pointer_append(at(key), name), name)) continue;
      JsonReader child(*ctx_, value, pointer_append(at(key), name), fields);
      if (child.ok()) fn(name, child);
    }
  }

 private:
  const OrderedJson* member(std::string_view key) const;
  // nullptr when absent (an error if required) or when an error is pending.
  const OrderedJson* required_member(std::string_view key, bool required);
  const OrderedJson* array_member(std::string_view key, bool required, bool non_empty);
  void check_fields(FieldList fields);
  // False (and an error at `pointer`) when `value` is not a safe name.
  bool check_name(const std::string& pointer, std::string_view value);

  ReadContext* ctx_;
  const OrderedJson* node_;
  std::string pointer_;
  std::size_t errors_before_;  // ctx_->count when this object's reading began
};

// Parses `text` and runs `fn(JsonReader& root, T& out)` over the top-level
// object; returns `out`, or the first error (ErrorLimit::first) or all of
// them (ErrorLimit::all, see ReadContext::combined).
template <typename T, typename F>
Result<T> read_document(std::string_view text, const std::string& file, FieldList fields, T out, F&& fn,
                        ErrorLimit limit = ErrorLimit::first) {
  auto doc = parse_json_text(text, file);
  if (!doc) return doc.error();
  ReadContext ctx(file, limit);
  JsonReader root(ctx, *doc, "", fields);
  if (root.ok()) fn(root, out);
  if (!ctx.ok()) return ctx.combined();
  return out;
}

}  // namespace attest
