#include "attest/util/text.hpp"

namespace attest {
namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr char32_t kEsc = 0x1B;

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Decodes one strict UTF-8 sequence at s[i] (RFC 3629: no overlongs, no
// surrogates, nothing above U+10FFFF). Returns its length, 0 when invalid.
std::size_t decode_one(std::string_view s, std::size_t i, char32_t& cp) {
  const auto lead = static_cast<unsigned char>(s[i]);
  std::size_t len = 0;
  char32_t min = 0;
  if (lead < 0x80) {
    cp = lead;
    return 1;
  } else if (lead >= 0xC2 && lead <= 0xDF) {
    len = 2, min = 0x80, cp = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    len = 3, min = 0x800, cp = lead & 0x0Fu;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    len = 4, min = 0x10000, cp = lead & 0x07u;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if (!is_continuation(c)) return 0;
    cp = (cp << 6) | (c & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// Every code point of `raw`, an invalid sequence read as U+FFFD (one per bad byte).
std::u32string decode_all(std::string_view raw) {
  std::u32string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size();) {
    char32_t cp = 0;
    const std::size_t len = decode_one(raw, i, cp);
    out.push_back(len == 0 ? kReplacement : cp);
    i += len == 0 ? 1 : len;
  }
  return out;
}

// XML 1.0 Char production (section 2.2) minus what it merely discourages
// (DEL, C1 controls, noncharacters) and the bidi overrides/isolates that
// can make hostile text display as something else ("Trojan Source").
bool is_safe(char32_t cp) {
  if (cp == 0x9 || cp == 0xA || cp == 0xD) return true;
  if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return false;
  if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) return false;
  if (cp >= 0xFDD0 && cp <= 0xFDEF) return false;
  if ((cp & 0xFFFE) == 0xFFFE) return false;
  return cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
}

void append_utf8(std::string& out, char32_t cp) {
  auto byte = [&out](char32_t v) { out.push_back(static_cast<char>(v)); };
  if (cp < 0x80) {
    byte(cp);
  } else if (cp < 0x800) {
    byte(0xC0 | (cp >> 6)), byte(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    byte(0xE0 | (cp >> 12)), byte(0x80 | ((cp >> 6) & 0x3F)), byte(0x80 | (cp & 0x3F));
  } else {
    byte(0xF0 | (cp >> 18)), byte(0x80 | ((cp >> 12) & 0x3F)), byte(0x80 | ((cp >> 6) & 0x3F)),
        byte(0x80 | (cp & 0x3F));
  }
}

// ECMA-48 §5.4: parameter and intermediate bytes, then one final byte.
std::size_t skip_csi(const std::u32string& s, std::size_t i) {
  while (i < s.size() && s[i] >= 0x20 && s[i] <= 0x3F) ++i;
  return i < s.size() && s[i] >= 0x40 && s[i] <= 0x7E ? i + 1 : i;
}

// A control string (OSC, DCS, SOS, PM, APC; ECMA-48 §5.6) ends at ST (ESC
// backslash, or U+009C); BEL also ends one, as xterm's OSC does. Unterminated: to the end.
std::size_t skip_control_string(const std::u32string& s, std::size_t i) {
  for (; i < s.size(); ++i) {
    if (s[i] == 0x07 || s[i] == 0x9C) return i + 1;
    if (s[i] == kEsc && i + 1 < s.size() && s[i + 1] == '\\') return i + 2;
  }
  return i;
}

bool opens_control_string(char32_t c1) { return c1 == 0x90 || c1 == 0x98 || c1 == 0x9D || c1 == 0x9E || c1 == 0x9F; }

// Where the escape sequence starting at s[i] ends (i + 1 for a lone ESC), or
// i when none starts there. 7-bit forms ESC x are read as their C1 equivalent.
std::size_t skip_escape(const std::u32string& s, std::size_t i) {
  char32_t c1 = s[i];
  std::size_t body = i + 1;
  if (c1 == kEsc) {
    if (body >= s.size()) return body;
    const char32_t next = s[body];
    if (next >= 0x40 && next <= 0x5F) {
      c1 = next + 0x40, ++body;  // ESC [ = CSI, ESC ] = OSC, ESC P = DCS...
    } else if (next >= 0x20 && next <= 0x2F) {  // nF: intermediates, then a final byte
      while (body < s.size() && s[body] >= 0x20 && s[body] <= 0x2F) ++body;
      return body < s.size() && s[body] >= 0x30 && s[body] <= 0x7E ? body + 1 : body;
    } else {
      return next >= 0x30 && next <= 0x7E ? body + 1 : body;  // Fp/Fs, else a lone ESC
    }
  }
  if (c1 == 0x9B) return skip_csi(s, body);
  if (opens_control_string(c1)) return skip_control_string(s, body);
  return c1 >= 0x80 && c1 <= 0x9F ? body : i;
}

}  // namespace

std::string valid_utf8(std::string_view raw) {
  if (is_valid_utf8(raw)) return std::string(raw);
  std::string out;
  out.reserve(raw.size() + 8);
  for (char32_t cp : decode_all(raw)) append_utf8(out, cp);
  return out;
}

bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t len = decode_one(text, i, cp);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string clean_text(std::string_view raw, Unsafe policy) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size();) {
    char32_t cp = 0;
    const std::size_t len = decode_one(raw, i, cp);
    if (len != 0 && is_safe(cp)) {
      out.append(raw.substr(i, len));
    } else if (policy == Unsafe::replace) {
      append_utf8(out, kReplacement);
    }
    i += len == 0 ? 1 : len;
  }
  return out;
}

std::string terminal_text(std::string_view raw) {
  const std::u32string s = decode_all(raw);
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < s.size();) {
    if (const std::size_t end = skip_escape(s, i); end != i) {
      i = end;
      continue;
    }
    const char32_t cp = s[i++];
    if (cp == 0x9 || cp == 0xA || cp == 0xD) {
      out.push_back(' ');
    } else if (is_safe(cp)) {
      append_utf8(out, cp);
    }
  }
  return out;
}

std::string truncate_code_points(std::string_view clean, std::size_t max_code_points) {
  if (max_code_points == 0) return {};
  std::size_t count = 0, cut = clean.size();
  for (std::size_t i = 0; i < clean.size(); ++i) {
    if (is_continuation(static_cast<unsigned char>(clean[i]))) continue;
    if (count == max_code_points - 1) cut = i;  // room for the ellipsis
    if (++count > max_code_points) return std::string(clean.substr(0, cut)) + "\u2026";
  }
  return std::string(clean);
}

std::size_t count_code_points(std::string_view clean) {
  std::size_t count = 0;
  for (char c : clean)
    if (!is_continuation(static_cast<unsigned char>(c))) ++count;
  return count;
}

}  // namespace attest
