#include "attest/integrity/parse_fields.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "attest/integrity/cisco_integrity.hpp"
#include "attest/profiles/text.hpp"
#include "attest/util/encoding.hpp"

namespace attest::integrity {

std::optional<std::uint64_t> echoed_nonce(std::string_view line) {
  const auto at = line.find("nonce ");
  if (at == std::string_view::npos) return std::nullopt;
  const auto digits = text::first_word(line.substr(at + 6));
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) return std::nullopt;
  return value;
}

namespace detail {
namespace {

// The key a line starts with, after an optional "prompt#" glued in front (a
// capture of `show platform integrity` can start "isr4451#Platform: ...").
std::optional<std::pair<std::string_view, std::string_view>> keyed(std::string_view line,
                                                                   std::span<const std::string_view> keys) {
  for (const auto candidate : {line, line.substr(std::min(line.size(), line.find('#') + 1))}) {
    for (const auto key : keys) {
      if (candidate.size() > key.size() && candidate.substr(0, key.size()) == key && candidate[key.size()] == ':')
        return std::pair{key, text::trim(candidate.substr(key.size() + 1))};
    }
    if (line.find('#') == std::string_view::npos) break;
  }
  return std::nullopt;
}

// "name: HEX" under the list key (the multi-package "OS Hashes:" form).
std::optional<std::pair<std::string_view, std::string_view>> list_entry(std::string_view line) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  const auto name = text::trim(line.substr(0, colon));
  const auto value = text::trim(line.substr(colon + 1));
  if (name.find(' ') != std::string_view::npos || !is_hex(value)) return std::nullopt;
  return std::pair{name, value};
}

class Scanner {
 public:
  Scanner(std::span<const std::string_view> keys, std::string_view list_key, std::string_view what)
      : keys_(keys), list_key_(list_key), what_(what) {}

  Status line(std::string_view raw) {
    const auto line = text::trim(raw);
    if (line.empty()) return end_continuation();
    if (line.front() == '%') return make_error(ErrorKind::parse, std::string(what_) + ": the switch refused: " + text::excerpt(line));
    if (auto k = keyed(line, keys_)) return start_field(k->first, k->second);
    if (continuation_ && is_hex(line)) {
      *continuation_ += line;
      return ok_status();
    }
    if (in_list_) {
      if (auto e = list_entry(line)) return add_list_entry(e->first, e->second);
    }
    if (line.find("show platform") != std::string_view::npos && !out_.nonce) out_.nonce = echoed_nonce(line);
    out_.other_lines.push_back(line);
    return end_continuation();
  }

  Scanned take() { return std::move(out_); }

 private:
  Status start_field(std::string_view key, std::string_view value) {
    if (out_.fields.contains(key)) return make_error(ErrorKind::parse, std::string(what_) + ": '" + std::string(key) + "' appears twice");
    auto& slot = out_.fields[std::string(key)] = std::string(value);
    in_list_ = key == list_key_;
    continuation_ = (value.empty() || is_hex(value)) ? &slot : nullptr;
    return ok_status();
  }

  Status add_list_entry(std::string_view name, std::string_view value) {
    if (out_.list.size() >= kMaxOsHashes) return make_error(ErrorKind::parse, std::string(what_) + ": more than " + std::to_string(kMaxOsHashes) + " hashes under '" + std::string(list_key_) + "'");
    out_.list.emplace_back(std::string(name), std::string(value));
    continuation_ = &out_.list.back().second;
    return ok_status();
  }

  Status end_continuation() {
    continuation_ = nullptr;
    return ok_status();
  }

  std::span<const std::string_view> keys_;
  std::string_view list_key_;
  std::string_view what_;
  Scanned out_;
  std::string* continuation_ = nullptr;
  bool in_list_ = false;
};

}  // namespace

bool is_hex(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isxdigit(c) != 0; });
}

Result<Scanned> scan(std::string_view output, std::span<const std::string_view> keys, std::string_view list_key,
                     std::string_view what) {
  if (output.size() > kMaxOutputBytes)
    return make_error(ErrorKind::parse, std::string(what) + ": output is " + std::to_string(output.size()) + " bytes, above the cap of " + std::to_string(kMaxOutputBytes));
  Scanner scanner(keys, list_key, what);
  for (const auto raw : text::lines(output)) {
    if (auto st = scanner.line(raw); !st) return st.error();
  }
  return scanner.take();
}

Result<std::string> text_field(const Scanned& s, std::string_view key, std::string_view what) {
  const auto it = s.fields.find(key);
  if (it == s.fields.end()) return make_error(ErrorKind::parse, std::string(what) + ": '" + std::string(key) + "' is missing");
  if (it->second.empty()) return make_error(ErrorKind::parse, std::string(what) + ": '" + std::string(key) + "' is not present (printed empty)");
  return it->second;
}

Result<Bytes> hex_field(const Scanned& s, std::string_view key, std::string_view what) {
  auto value = text_field(s, key, what);
  if (!value) return value.error();
  auto bytes = hex_decode(*value);
  if (!bytes) return make_error(ErrorKind::parse, std::string(what) + ": '" + std::string(key) + "' is not hex: " + text::excerpt(*value));
  return bytes;
}

Result<std::uint32_t> signature_version(const Scanned& s, std::string_view what) {
  auto value = text_field(s, "Signature version", what);
  if (!value) return value.error();
  std::uint32_t version = 0;
  const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), version);
  if (ec != std::errc() || end != value->data() + value->size())
    return make_error(ErrorKind::parse, std::string(what) + ": 'Signature version' is not a number: " + text::excerpt(*value));
  return version;
}

}  // namespace detail
}  // namespace attest::integrity
