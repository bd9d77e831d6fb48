// A strict little scanner over the markup the exports write: every tag, its
// attributes (always double-quoted by the renderers) and every entity. Tests
// check the tags and attributes against allowlists: a hostile string that
// escaped its escaping shows up as a tag or attribute nobody wrote.
#pragma once

#include <cctype>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace markup {

struct Tag {
  std::string name;
  bool closing = false, self_closing = false;
  std::vector<std::pair<std::string, std::string>> attrs;
};

struct Scan {
  std::vector<Tag> tags;
  std::string error;  // empty when the document scanned cleanly
};

inline bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == ':'; }

inline std::string read_name(std::string_view s, std::size_t& i) {
  const std::size_t start = i;
  while (i < s.size() && name_char(s[i])) ++i;
  return std::string(s.substr(start, i - start));
}

// Attributes up to '>' or "/>"; false on anything but name="value".
inline bool read_attrs(std::string_view s, std::size_t& i, Tag& tag) {
  for (;;) {
    while (i < s.size() && s[i] == ' ') ++i;
    if (i >= s.size()) return false;
    if (s[i] == '>') return ++i, true;
    if (s.substr(i, 2) == "/>") return tag.self_closing = true, i += 2, true;
    std::string name = read_name(s, i);
    if (name.empty() || s.substr(i, 2) != "=\"") return false;
    const std::size_t end = s.find('"', i + 2);
    if (end == std::string_view::npos) return false;
    tag.attrs.emplace_back(name, std::string(s.substr(i + 2, end - i - 2)));
    i = end + 1;
  }
}

inline bool valid_entity(std::string_view s, std::size_t i) {
  for (std::string_view e : {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&nbsp;", "&#9;", "&#10;", "&#13;"})
    if (s.substr(i, e.size()) == e) return true;
  return false;
}

inline Scan scan(std::string_view s) {
  Scan out;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '&' && !valid_entity(s, i)) return out.error = "bad entity at " + std::to_string(i), out;
    if (s[i] == '>') return out.error = "stray '>' at " + std::to_string(i), out;
    if (s[i] != '<') {
      ++i;
      continue;
    }
    if (s.substr(i, 2) == "<?" || s.substr(i, 2) == "<!") {  // declaration: up to '>'
      i = s.find('>', i);
      if (i == std::string_view::npos) return out.error = "unterminated declaration", out;
      ++i;
      continue;
    }
    Tag tag;
    ++i;
    if (i < s.size() && s[i] == '/') tag.closing = true, ++i;
    tag.name = read_name(s, i);
    if (tag.name.empty() || !read_attrs(s, i, tag)) return out.error = "malformed tag near " + std::to_string(i), out;
    if (tag.name == "style" && !tag.closing) {  // CSS is ours: skip to its end
      i = s.find("</style>", i);
      if (i == std::string_view::npos) return out.error = "unterminated style", out;
    }
    out.tags.push_back(std::move(tag));
  }
  return out;
}

// The first tag or attribute outside the allowlists, or a closing tag that
// does not match; empty when every element nests and is one we write.
inline std::string check(const Scan& scan, const std::set<std::string>& tags, const std::set<std::string>& attrs,
                         const std::set<std::string>& void_tags) {
  if (!scan.error.empty()) return scan.error;
  std::vector<std::string> open;
  for (const auto& t : scan.tags) {
    if (!tags.count(t.name)) return "unexpected tag <" + t.name + ">";
    for (const auto& [name, value] : t.attrs)
      if (!attrs.count(name)) return "unexpected attribute " + name + " on <" + t.name + ">";
    if (t.closing) {
      if (open.empty() || open.back() != t.name) return "</" + t.name + "> closes nothing open";
      open.pop_back();
    } else if (!t.self_closing && !void_tags.count(t.name)) {
      open.push_back(t.name);
    }
  }
  return open.empty() ? std::string() : "<" + open.back() + "> never closed";
}

}  // namespace markup
