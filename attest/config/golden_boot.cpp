// Golden boot policy files (firmware-db/boot/*.json, schema attest.boot/v1):
// the measurements each model and firmware version may boot with.
#include <optional>

#include "attest/config/golden_loader.hpp"
#include "attest/config/json_reader.hpp"
#include "attest/tpm/pcr.hpp"
#include "attest/util/encoding.hpp"

namespace attest {
namespace {

// `text` in lower case when it is exactly `size` bytes in hex (either case).
std::optional<std::string> canonical_hex(const std::string& text, std::size_t size) {
  auto bytes = hex_decode(text);
  if (!bytes || bytes->size() != size) return std::nullopt;
  return to_hex(*bytes);
}

// Reads a list of sha256 (or, `sha1`, sha1) hex digests, normalized to lower case.
void read_digests(JsonReader& r, std::string_view key, std::vector<std::string>& out, bool sha1 = false) {
  r.strings(key, out, !sha1);
  const char* what = sha1 ? "must be a sha1 digest (40 hex digits)" : "must be a sha256 digest (64 hex digits)";
  for (std::size_t i = 0; i < out.size() && r.ok(); ++i) {
    const auto digest = canonical_hex(out[i], sha1 ? 20 : 32);
    if (!digest) r.fail_at(pointer_append(r.at(key), i), what);
    else out[i] = *digest;
  }
}

// "reference": where `attest boot golden` took the values from (the
// reference machine's event log, by digest); informational, but well-formed.
void read_reference(JsonReader& r) {
  r.object("reference", {"eventlog_sha256", "eventlog_format", "events", "quote", "generated_by"}, false,
           [&](JsonReader& ref) {
             std::string digest, format, quote, tool;
             int events = 0;
             ref.string("eventlog_sha256", digest);
             ref.string("eventlog_format", format);
             ref.integer("events", events, 0, 1000000);
             ref.string("quote", quote, false);
             ref.string("generated_by", tool, false);
             if (ref.ok() && !canonical_hex(digest, 32)) {
               ref.fail("eventlog_sha256", "must be a sha256 digest (64 hex digits)");
             }
             if (ref.ok() && format != "crypto-agile" && format != "sha1-only") {
               ref.fail("eventlog_format", "must be \"crypto-agile\" or \"sha1-only\"");
             }
           });
}

void read_expected_pcrs(JsonReader& r, BootPolicy& p, const tpm::PcrSelection& selection) {
  const FieldList pcr_names = {"0",  "1",  "2",  "3",  "4",  "5",  "6",  "7",  "8",  "9",  "10", "11",
                               "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23"};
  r.map("expected_pcrs", pcr_names, false, [&](const std::string& bank, JsonReader& b) {
    const auto alg = tpm::hash_alg_from_name(bank);
    if (!alg) return b.fail("", "unknown PCR bank '" + bank + "' (expected sha1, sha256, sha384 or sha512)");
    const std::size_t size = tpm::hash_alg_size(*alg);
    for (unsigned pcr = 0; pcr <= tpm::kMaxPcr && b.ok(); ++pcr) {
      const std::string key = std::to_string(pcr);
      if (!b.has(key)) continue;
      std::string hex;
      b.string(key, hex);
      if (!b.ok()) return;
      const auto value = canonical_hex(hex, size);
      if (!value) return b.fail(key, "must be a " + bank + " value (" + std::to_string(size * 2) + " hex digits)");
      const auto it = selection.find(*alg);
      if (it == selection.end() || it->second.count(pcr) == 0) {
        return b.fail(key, bank + " PCR" + key + " is not in pcr_selection '" + p.pcr_selection + "'");
      }
      p.expected_pcrs[bank][pcr] = *value;
    }
  });
}

// Where model + version already has a boot policy, or "".
std::string find_boot_source(const std::vector<BootPolicy>& policies, const std::string& model,
                             const std::string& version) {
  for (const auto& p : policies) {
    if (p.model != model) continue;
    for (std::size_t i = 0; i < p.firmware_versions.size(); ++i)
      if (p.firmware_versions[i] == version) return p.source + "/firmware_versions/" + std::to_string(i);
  }
  return "";
}

// One policy per model and firmware version across all files.
void check_unique(JsonReader& r, const BootPolicy& p, const GoldenDb& db, const std::vector<BootPolicy>& pending) {
  for (std::size_t i = 0; i < p.firmware_versions.size() && r.ok(); ++i) {
    const std::string& v = p.firmware_versions[i];
    std::string first = find_boot_source(db.boot, p.model, v);
    if (first.empty()) first = find_boot_source(pending, p.model, v);
    for (std::size_t j = 0; j < i && first.empty(); ++j)
      if (p.firmware_versions[j] == v) first = pointer_append(r.at("firmware_versions"), j);
    if (!first.empty()) {
      r.fail_at(pointer_append(r.at("firmware_versions"), i),
                "model '" + p.model + "' firmware '" + v + "' already has a boot policy at " + first);
    }
  }
}

void read_policy(JsonReader& r, const std::string& path, const GoldenDb& db, std::vector<BootPolicy>& out) {
  BootPolicy p;
  p.source = path + "#" + r.pointer();
  r.string("model", p.model);
  r.strings("firmware_versions", p.firmware_versions);
  r.string("pcr_selection", p.pcr_selection);
  if (!r.ok()) return;
  if (p.firmware_versions.empty()) return r.fail("firmware_versions", "must not be empty");
  const auto selection = tpm::parse_pcr_selection(p.pcr_selection);
  if (!selection) return r.fail("pcr_selection", "'" + p.pcr_selection + "' is not a PCR selection like sha256:0-7");
  r.strings("crtm_versions", p.crtm_versions);
  read_digests(r, "platform_firmware_digests", p.platform_firmware_digests);
  read_digests(r, "boot_application_digests", p.boot_application_digests);
  read_digests(r, "sha1_platform_firmware_digests", p.sha1_platform_firmware_digests, true);
  read_digests(r, "sha1_boot_application_digests", p.sha1_boot_application_digests, true);
  std::string sha1_only = "accepted";
  r.string("sha1_only_log", sha1_only, false);
  if (r.ok() && sha1_only != "accepted" && sha1_only != "refused") {
    return r.fail("sha1_only_log", "must be \"accepted\" or \"refused\"");
  }
  p.sha1_only_log_refused = sha1_only == "refused";
  read_reference(r);
  std::string secure_boot;
  r.string("secure_boot", secure_boot);
  if (r.ok() && secure_boot != "required" && secure_boot != "optional") {
    return r.fail("secure_boot", "must be \"required\" or \"optional\"");
  }
  p.secure_boot_required = secure_boot == "required";
  read_expected_pcrs(r, p, *selection);
  check_unique(r, p, db, out);
  if (r.ok()) out.push_back(std::move(p));
}

}  // namespace

Status parse_boot_file(std::string_view json, const std::string& path, GoldenDb& db) {
  auto policies = read_document(
      json, path, {"schema", "description", "policies"}, std::vector<BootPolicy>{},
      [&](JsonReader& root, std::vector<BootPolicy>& out) {
        root.constant("schema", kBootSchema);
        std::string description;
        root.string("description", description, false);
        root.objects("policies",
                     {"model", "firmware_versions", "pcr_selection", "crtm_versions", "platform_firmware_digests",
                      "boot_application_digests", "sha1_platform_firmware_digests", "sha1_boot_application_digests",
                      "sha1_only_log", "secure_boot", "expected_pcrs", "reference"},
                     true, true, [&](JsonReader& p, std::size_t) { read_policy(p, path, db, out); });
      });
  if (!policies) return policies.error();
  db.boot.insert(db.boot.end(), policies->begin(), policies->end());
  return ok_status();
}

}  // namespace attest
