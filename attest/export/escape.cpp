#include "attest/export/escape.hpp"

#include <string>

namespace attest::exports {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

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

// The five characters that end a text run or an attribute value in HTML and XML.
const char* markup_entity(char c) {
  switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    default: return nullptr;
  }
}

// Escapes already-clean text; `whitespace_refs` writes tab/LF/CR as character
// references, which XML attribute normalization would otherwise turn into spaces.
std::string escape_markup(const std::string& clean, bool whitespace_refs) {
  std::string out;
  out.reserve(clean.size() + clean.size() / 8);
  for (char c : clean) {
    if (const char* e = markup_entity(c)) {
      out += e;
    } else if (whitespace_refs && (c == '\t' || c == '\n' || c == '\r')) {
      out += "&#" + std::to_string(static_cast<int>(c)) + ";";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

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

std::string html_escape(std::string_view raw) { return escape_markup(clean_text(raw, Unsafe::replace), false); }

std::string xml_escape(std::string_view raw) { return escape_markup(clean_text(raw, Unsafe::drop), true); }

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

}  // namespace attest::exports
