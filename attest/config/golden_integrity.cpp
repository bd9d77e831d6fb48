// Golden switch integrity files (firmware-db/integrity/*.json, schema
// attest.integrity/v1): per switch model and OS release, the Boot 0, boot
// loader and OS image hashes a switch may report in `show platform integrity
// sign nonce N` (Cisco publishes them as its Known Good Values).
#include <map>

#include "attest/config/golden_loader.hpp"
#include "attest/config/json_reader.hpp"
#include "attest/util/encoding.hpp"

namespace attest {
namespace {

// Reads a non-empty list of SHA-256 or SHA-512 hex digests, in lower case.
void read_image_hashes(JsonReader& r, std::string_view key, std::vector<std::string>& out) {
  r.strings(key, out);
  if (r.ok() && out.empty()) return r.fail(key, "must not be empty");
  for (std::size_t i = 0; i < out.size() && r.ok(); ++i) {
    const auto bytes = hex_decode(out[i]);
    if (!bytes || (bytes->size() != 32 && bytes->size() != 64))
      r.fail_at(pointer_append(r.at(key), i), "must be a sha256 or sha512 digest (64 or 128 hex digits)");
    else out[i] = to_hex(*bytes);
  }
}

// One policy per model and OS version across all files: every version of
// `p` is checked against those already read (the DB's and this file's).
void check_unique(JsonReader& r, const IntegrityPolicy& p, const GoldenDb& db, const std::vector<IntegrityPolicy>& pending) {
  std::map<std::string, std::string> first_at;  // version -> where it is listed
  for (const auto* earlier : {&db.integrity, &pending}) {
    for (const auto& q : *earlier) {
      if (q.model != p.model) continue;
      for (std::size_t i = 0; i < q.os_versions.size(); ++i)
        first_at.emplace(q.os_versions[i], q.source + "/os_versions/" + std::to_string(i));
    }
  }
  for (std::size_t i = 0; i < p.os_versions.size() && r.ok(); ++i) {
    const auto here = pointer_append(r.at("os_versions"), i);
    const auto [it, fresh] = first_at.emplace(p.os_versions[i], here);
    if (!fresh) r.fail_at(here, "model '" + p.model + "' OS '" + p.os_versions[i] + "' already has an integrity policy at " + it->second);
  }
}

void read_policy(JsonReader& r, const std::string& path, const GoldenDb& db, std::vector<IntegrityPolicy>& out) {
  IntegrityPolicy p;
  p.source = path + "#" + r.pointer();
  r.string("model", p.model);
  r.strings("os_versions", p.os_versions);
  if (r.ok() && p.os_versions.empty()) return r.fail("os_versions", "must not be empty");
  read_image_hashes(r, "boot0_hashes", p.boot0_hashes);
  read_image_hashes(r, "boot_loader_hashes", p.boot_loader_hashes);
  read_image_hashes(r, "os_hashes", p.os_hashes);
  check_unique(r, p, db, out);
  if (r.ok()) out.push_back(std::move(p));
}

}  // namespace

Status parse_integrity_file(std::string_view json, const std::string& path, GoldenDb& db) {
  const auto read_root = [&](JsonReader& root, std::vector<IntegrityPolicy>& out) {
    std::string description;  // for reviewers; not policy
    root.constant("schema", kIntegritySchema);
    root.string("description", description, false);
    root.objects("policies", {"model", "os_versions", "boot0_hashes", "boot_loader_hashes", "os_hashes"}, true, true,
                 [&](JsonReader& p, std::size_t) { read_policy(p, path, db, out); });
  };
  auto policies = read_document(json, path, {"schema", "description", "policies"}, std::vector<IntegrityPolicy>{}, read_root);
  if (!policies) return policies.error();
  for (auto& p : *policies) db.integrity.push_back(std::move(p));
  return ok_status();
}

}  // namespace attest
