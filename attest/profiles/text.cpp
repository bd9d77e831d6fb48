#include "attest/profiles/text.hpp"

#include <array>
#include <cctype>

namespace attest::text {
namespace {

constexpr char kEsc = '\x1b';

// Index just past the ANSI/VT sequence that starts at raw[i] == ESC.
// CSI (ESC [ ... final 0x40-0x7e), OSC (ESC ] ... BEL or ESC \), else ESC + one byte.
std::size_t skip_escape(std::string_view raw, std::size_t i) {
  std::size_t j = i + 1;
  if (j >= raw.size()) return j;
  if (raw[j] == '[') {
    for (++j; j < raw.size(); ++j) {
      const auto c = static_cast<unsigned char>(raw[j]);
      if (c >= 0x40 && c <= 0x7e) return j + 1;
    }
    return j;
  }
  if (raw[j] == ']') {
    for (++j; j < raw.size(); ++j) {
      if (raw[j] == '\a') return j + 1;
      if (raw[j] == kEsc && j + 1 < raw.size() && raw[j + 1] == '\\') return j + 2;
    }
    return j;
  }
  return j + 1;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

void erase_all(std::string& s, std::string_view what) {
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at)) s.erase(at, what.size());
}

}  // namespace

std::string clean(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size();) {
    const char c = raw[i];
    if (c == kEsc) {
      i = skip_escape(raw, i);
      continue;
    }
    ++i;
    // A pager erases its "--More--" prompt with backspaces: honour them.
    if (c == '\b') {
      if (!out.empty() && out.back() != '\n') out.pop_back();
      continue;
    }
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n' || c == '\t' || (u >= 0x20 && u != 0x7f)) out.push_back(c);
  }
  // Captures made without backspace handling keep the pager prompt itself.
  erase_all(out, " --More-- ");
  erase_all(out, "--More--");
  return out;
}

std::vector<std::string_view> lines(std::string_view text) {
  std::vector<std::string_view> result;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      if (start < text.size()) result.push_back(text.substr(start));
      break;
    }
    result.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return result;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

std::string_view first_word(std::string_view s) {
  s = trim(s);
  std::size_t end = 0;
  while (end < s.size() && !is_space(s[end])) ++end;
  return s.substr(0, end);
}

std::optional<std::string_view> field(std::string_view line, std::string_view key, char sep) {
  const auto at = line.find(sep);
  // Case-insensitive: classic IOS prints "System serial number", IOS-XE "System Serial Number".
  if (at == std::string_view::npos || !iequals(trim(line.substr(0, at)), key)) return std::nullopt;
  const auto value = trim(line.substr(at + 1));
  if (value.empty()) return std::nullopt;
  return value;
}

std::optional<std::string_view> find_field(std::string_view text, std::string_view key, char sep) {
  for (const auto line : lines(text)) {
    if (auto value = field(line, key, sep)) return value;
  }
  return std::nullopt;
}

std::optional<std::string_view> find_after_prefix(std::string_view text, std::string_view prefix) {
  for (const auto line : lines(text)) {
    const auto t = trim(line);
    if (t.starts_with(prefix)) return trim(t.substr(prefix.size()));
  }
  return std::nullopt;
}

bool is_placeholder(std::string_view value) {
  static constexpr std::array<std::string_view, 14> kPlaceholders = {
      "N/A", "NA", "None", "Null", "Unknown", "Not Specified", "Not Applicable", "Not Available",
      "To Be Filled By O.E.M.", "Default string", "System Serial Number", "System Product Name",
      "0123456789", "Type1ProductConfigId"};
  const auto t = trim(value);
  for (const auto p : kPlaceholders) {
    if (iequals(t, p)) return true;
  }
  return false;
}

std::string excerpt(std::string_view s, std::size_t max) {
  s = trim(s);
  if (s.size() <= max) return std::string(s);
  return std::string(s.substr(0, max)) + "...";
}

}  // namespace attest::text
