// Firmware policy files: which versions each model may run.
#include <algorithm>

#include "attest/config/golden_loader.hpp"
#include "attest/config/json_reader.hpp"
#include "attest/profiles/profile.hpp"
#include "attest/redfish/profiles.hpp"
#include "attest/profiles/version.hpp"

namespace attest {
namespace {

// Where `name` is defined as a model or alias in `policies`, or "".
std::string find_model_source(const std::vector<FirmwarePolicy>& policies, const std::string& name) {
  for (const auto& p : policies) {
    if (p.model == name) return p.source + "/model";
    for (std::size_t i = 0; i < p.aliases.size(); ++i)
      if (p.aliases[i] == name) return p.source + "/aliases/" + std::to_string(i);
  }
  return "";
}

// A model string must lead to one policy, across all files: earlier files
// (`db`), earlier models of this file (`pending`) and this model itself.
void check_model_names(JsonReader& r, const FirmwarePolicy& p, const GoldenDb& db,
                       const std::vector<FirmwarePolicy>& pending) {
  std::vector<std::pair<std::string, std::string>> names = {{p.model, r.at("model")}};
  for (std::size_t i = 0; i < p.aliases.size(); ++i)
    names.emplace_back(p.aliases[i], pointer_append(r.at("aliases"), i));
  for (std::size_t i = 0; i < names.size() && r.ok(); ++i) {
    std::string first = find_model_source(db.firmware, names[i].first);
    if (first.empty()) first = find_model_source(pending, names[i].first);
    for (std::size_t j = 0; j < i && first.empty(); ++j)
      if (names[j].first == names[i].first) first = names[j].second;
    if (!first.empty()) r.fail_at(names[i].second, "model '" + names[i].first + "' is already defined at " + first);
  }
}

void check_version(JsonReader& r, const std::string& pointer, const FirmwarePolicy& p, const std::string& v) {
  if (!is_valid_version(p.scheme, v)) {
    r.fail_at(pointer, "version '" + v + "' is not valid in scheme '" + p.scheme + "'");
  }
}

bool same_version(const FirmwarePolicy& p, const std::string& a, const std::string& b) {
  auto cmp = compare_versions(p.scheme, a, b);
  return cmp ? *cmp == 0 : a == b;
}

// Every version must parse in the scheme (or comparisons at run time would
// fail), and no version may be approved and blocked at once.
void check_versions(JsonReader& r, const FirmwarePolicy& p) {
  for (std::size_t i = 0; i < p.approved.size(); ++i)
    check_version(r, pointer_append(r.at("approved"), i), p, p.approved[i]);
  if (p.minimum) check_version(r, r.at("minimum"), p, *p.minimum);
  for (std::size_t i = 0; i < p.blocked.size() && r.ok(); ++i) {
    const std::string pointer = pointer_append(pointer_append(r.at("blocked"), i), "version");
    check_version(r, pointer, p, p.blocked[i].version);
    for (std::size_t j = 0; j < p.approved.size() && r.ok(); ++j) {
      if (same_version(p, p.blocked[i].version, p.approved[j])) {
        r.fail_at(pointer, "version '" + p.blocked[i].version + "' is blocked and also approved at " +
                               pointer_append(r.at("approved"), j));
      }
    }
  }
}

void read_blocked(JsonReader& r, FirmwarePolicy& p) {
  r.objects("blocked", {"version", "advisory", "reason"}, false, false, [&](JsonReader& b, std::size_t) {
    BlockedVersion v;
    b.string("version", v.version);
    // A block without its advisory cannot be reviewed or lifted: required.
    b.string("advisory", v.advisory);
    b.string("reason", v.reason);
    p.blocked.push_back(std::move(v));
  });
}

// "components": {"BMC": {"match": [...], "scheme", "approved", "minimum",
// "blocked"}}: a Redfish model's FirmwareInventory, each part on its own.
void read_components(JsonReader& r, const FirmwarePolicy& model, FirmwarePolicy& out) {
  r.map("components", {"match", "scheme", "approved", "minimum", "blocked"}, false,
        [&](const std::string& name, JsonReader& c) {
          FirmwareComponent part;
          part.name = name;
          part.policy.vendor = model.vendor;
          part.policy.model = name;
          part.policy.profile = model.profile;
          part.policy.source = model.source + "/components/" + name;
          c.strings("match", part.match);
          c.string("scheme", part.policy.scheme);
          c.strings("approved", part.policy.approved);
          c.optional_string("minimum", part.policy.minimum);
          read_blocked(c, part.policy);
          if (!c.ok()) return;
          if (!is_known_scheme(part.policy.scheme)) return c.fail("scheme", "unknown version scheme '" + part.policy.scheme + "'");
          check_versions(c, part.policy);
          if (c.ok()) out.components.push_back(std::move(part));
        });
}

void read_model(JsonReader& r, const std::string& path, const std::string& vendor, const GoldenDb& db,
                std::vector<FirmwarePolicy>& out) {
  FirmwarePolicy p;
  p.vendor = vendor;
  p.source = path + "#" + r.pointer();
  r.string("model", p.model);
  // One file per OS family may hold several hardware vendors (linux.json).
  r.string("vendor", p.vendor, false);
  r.strings("aliases", p.aliases, false);
  r.string("profile", p.profile);
  r.string("scheme", p.scheme);
  r.strings("approved", p.approved);
  r.optional_string("minimum", p.minimum);
  read_blocked(r, p);
  read_components(r, p, p);
  if (!r.ok()) return;
  if (!is_known_profile(p.profile)) return r.fail("profile", "unknown profile '" + p.profile + "'");
  if (!is_known_scheme(p.scheme)) return r.fail("scheme", "unknown version scheme '" + p.scheme + "'");
  check_versions(r, p);
  check_model_names(r, p, db, out);
  if (r.ok()) out.push_back(std::move(p));
}

}  // namespace

Status parse_firmware_file(std::string_view json, const std::string& path, GoldenDb& db) {
  auto models = read_document(json, path, {"schema", "vendor", "models"}, std::vector<FirmwarePolicy>{},
                              [&](JsonReader& root, std::vector<FirmwarePolicy>& out) {
                                root.constant("schema", kFirmwareSchema);
                                std::string vendor;
                                root.string("vendor", vendor);
                                root.objects("models",
                                             {"model", "vendor", "aliases", "profile", "scheme", "approved", "minimum",
                                              "blocked", "components"},
                                             true, true, [&](JsonReader& m, std::size_t) {
                                               read_model(m, path, vendor, db, out);
                                             });
                              });
  if (!models) return models.error();
  db.firmware.insert(db.firmware.end(), models->begin(), models->end());
  return ok_status();
}

}  // namespace attest
