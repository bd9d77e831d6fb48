#include "attest/export/escape.hpp"

#include <string>

namespace attest::exports {
namespace {

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

std::string html_escape(std::string_view raw) { return escape_markup(clean_text(raw, Unsafe::replace), false); }

std::string xml_escape(std::string_view raw) { return escape_markup(clean_text(raw, Unsafe::drop), true); }

}  // namespace attest::exports
