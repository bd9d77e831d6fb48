#include "attest/util/names.hpp"

#include <cstdio>

namespace attest {
namespace {

// One code point decoded at `i` (advancing it); invalid bytes decode as
// themselves, which only matters for the control check below.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = b(i);
  std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xe ? 3 : (lead >> 3) == 0x1e ? 4 : 1;
  if (i + length > s.size()) length = 1;
  char32_t cp = length == 1 ? lead : length == 2 ? (lead & 0x1f) : length == 3 ? (lead & 0x0f) : (lead & 0x07);
  for (std::size_t k = 1; k < length; ++k) cp = (cp << 6) | (b(i + k) & 0x3f);
  i += length;
  return cp;
}

bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f); }

// Embeddings and overrides (U+202A-202E) and isolates (U+2066-2069).
bool is_bidi_control(char32_t cp) { return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069); }

std::string code_point_text(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

}  // namespace

std::optional<std::string> unsafe_name_reason(std::string_view name) {
  for (std::size_t i = 0; i < name.size();) {
    const char32_t cp = next_code_point(name, i);
    if (cp == 0) return std::string("contains a NUL character");
    if (is_control(cp)) return "contains control character " + code_point_text(cp);
    if (is_bidi_control(cp)) return "contains bidirectional control " + code_point_text(cp);
  }
  return std::nullopt;
}

std::string printable_name(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t start = i;
    const char32_t cp = next_code_point(text, i);
    if (is_control(cp) || is_bidi_control(cp)) {
      out += "\\u{" + code_point_text(cp).substr(2) + "}";
    } else {
      out.append(text.substr(start, i - start));
    }
  }
  return out;
}

}  // namespace attest
