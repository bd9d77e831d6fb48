#include "attest/sign/manifest.hpp"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "attest/util/json_members.hpp"

namespace attest::sign {
namespace {

using json = nlohmann::ordered_json;

bool is_sha256_hex(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// A manifest path must stay inside the DB: relative, no empty or dot segments.
bool is_safe_relative_path(const std::string& p) {
  if (p.empty() || p.front() == '/' || p.back() == '/') return false;
  std::size_t start = 0;
  while (start <= p.size()) {
    const std::size_t end = std::min(p.find('/', start), p.size());
    const std::string segment = p.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    start = end + 1;
  }
  return p.find('\0') == std::string::npos && p.find('\\') == std::string::npos;
}

Error bad(const std::string& path, const std::string& pointer, const std::string& what) {
  return make_error(ErrorKind::input, path + ": " + pointer + ": " + what);
}

Result<ManifestEntry> parse_entry(const json& j, const std::string& path, const std::string& pointer) {
  if (!j.is_object() || !j.contains("path") || !j.contains("sha256") || !j.contains("size") || j.size() != 3 ||
      !j["path"].is_string() || !j["sha256"].is_string() || !j["size"].is_number_unsigned()) {
    return bad(path, pointer, "expected {\"path\": string, \"sha256\": string, \"size\": unsigned}");
  }
  ManifestEntry e{j["path"].get<std::string>(), j["sha256"].get<std::string>(), j["size"].get<std::uint64_t>()};
  if (!is_safe_relative_path(e.path)) return bad(path, pointer + "/path", "not a relative path inside the DB: '" + e.path + "'");
  if (!is_sha256_hex(e.sha256)) return bad(path, pointer + "/sha256", "not a lowercase sha256 hex digest");
  return e;
}

}  // namespace

std::string manifest_to_json(const Manifest& manifest) {
  json files = json::array();
  for (const auto& f : manifest.files) files.push_back(json{{"path", f.path}, {"sha256", f.sha256}, {"size", f.size}});
  return json{{"schema", kManifestSchema}, {"key_id", manifest.key_id}, {"signed_at", manifest.signed_at},
              {"files", files}}.dump(2) + "\n";
}

Result<Manifest> parse_manifest(std::string_view text, const std::string& path) {
  const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return make_error(ErrorKind::input, path + ": not valid JSON");
  if (auto unique = check_unique_members(text, path); !unique) return unique.error();
  if (!j.is_object() || j.value("schema", "") != kManifestSchema) {
    return bad(path, "/schema", std::string("expected \"") + kManifestSchema + "\"");
  }
  if (!j.contains("files") || !j["files"].is_array()) return bad(path, "/files", "expected an array");
  Manifest m;
  if (j.contains("key_id") && j["key_id"].is_string()) m.key_id = j["key_id"].get<std::string>();
  if (j.contains("signed_at") && j["signed_at"].is_string()) m.signed_at = j["signed_at"].get<std::string>();
  for (std::size_t i = 0; i < j["files"].size(); ++i) {
    const std::string pointer = "/files/" + std::to_string(i);
    auto e = parse_entry(j["files"][i], path, pointer);
    if (!e) return e.error();
    if (!m.files.empty() && !(m.files.back().path < e->path)) {
      return bad(path, pointer + "/path", "paths must be sorted and unique ('" + e->path + "' after '" + m.files.back().path + "')");
    }
    m.files.push_back(std::move(e).value());
  }
  return m;
}

std::vector<std::string> manifest_differences(const Manifest& manifest, const std::vector<ManifestEntry>& found) {
  std::map<std::string, const ManifestEntry*> expected;
  for (const auto& e : manifest.files) expected[e.path] = &e;
  std::vector<std::string> out;
  for (const auto& f : found) {
    auto it = expected.find(f.path);
    if (it == expected.end()) {
      out.push_back(f.path + ": not in the signed manifest (added after signing?)");
      continue;
    }
    if (it->second->sha256 != f.sha256 || it->second->size != f.size) {
      out.push_back(f.path + ": sha256 " + f.sha256.substr(0, 16) + "... differs from the signed " +
                    it->second->sha256.substr(0, 16) + "... (modified after signing)");
    }
    expected.erase(it);
  }
  for (const auto& [p, e] : expected) out.push_back(p + ": in the signed manifest but missing");
  return out;
}

}  // namespace attest::sign
