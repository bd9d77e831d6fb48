#include "attest/util/json_members.hpp"

#include <set>
#include <vector>

#include <nlohmann/json.hpp>

#include "attest/util/names.hpp"

namespace attest {
namespace {

// A SAX pass that only tracks, per open container, its pointer and (for
// objects) the names seen so far. Stops at the first duplicate.
class DuplicateFinder final : public nlohmann::json_sax<nlohmann::json> {
 public:
  bool found = false;
  std::string duplicate_pointer;
  std::string duplicate_name;

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override { return open(true); }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(false); }
  bool end_array() override { return close(); }
  bool key(string_t& name) override {
    Frame& f = frames_.back();
    f.token = json_pointer_token(name);
    if (f.names.insert(name).second) return true;
    found = true;
    duplicate_pointer = f.pointer + "/" + f.token;
    duplicate_name = name;
    return false;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  struct Frame {
    bool object = false;
    std::string pointer;
    std::string token;       // of the member or item being read
    std::size_t items = 0;   // arrays: items so far
    std::set<std::string> names;
  };

  // Where the next value of the innermost container lives.
  std::string child_pointer() {
    if (frames_.empty()) return "";
    Frame& f = frames_.back();
    if (!f.object) f.token = std::to_string(f.items++);
    return f.pointer + "/" + f.token;
  }
  bool value() {
    child_pointer();
    return true;
  }
  bool open(bool object) {
    Frame f;
    f.object = object;
    f.pointer = child_pointer();
    frames_.push_back(std::move(f));
    return true;
  }
  bool close() {
    frames_.pop_back();
    return true;
  }

  std::vector<Frame> frames_;
};

}  // namespace

std::string json_pointer_token(std::string_view name) {
  std::string out;
  for (const char c : name) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<std::string> find_duplicate_member(std::string_view text) {
  DuplicateFinder finder;
  nlohmann::json::sax_parse(text.begin(), text.end(), &finder, nlohmann::json::input_format_t::json,
                            /*strict=*/false);
  if (!finder.found) return std::nullopt;
  return printable_name(finder.duplicate_pointer) + ": duplicate member \"" + printable_name(finder.duplicate_name) + "\"";
}

Status check_unique_members(std::string_view text, const std::string& file) {
  auto duplicate = find_duplicate_member(text);
  if (!duplicate) return ok_status();
  return make_error(ErrorKind::input, file + ": " + *duplicate);
}

}  // namespace attest
