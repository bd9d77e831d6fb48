// SSH posture policy files (firmware-db/posture/*.json, schema
// attest.posture/v1): what a device's SSH server may offer at bring-up, as a
// site default and per-profile entries that replace it whole.
#include <map>

#include "attest/config/golden_loader.hpp"
#include "attest/config/json_reader.hpp"
#include "attest/profiles/profile.hpp"
#include "attest/redfish/profiles.hpp"

namespace attest {
namespace {

// The member of "policies" that holds the site default (profile "").
constexpr const char* kDefaultKey = "default";

// RFC 4251 §6 algorithm names: printable, no comma or whitespace. A name
// that cannot appear in a name-list could never match.
bool valid_name(const std::string& name) {
  for (char c : name) {
    if (c <= 0x20 || c > 0x7e || c == ',') return false;
  }
  return !name.empty();
}

void read_names(JsonReader& r, std::string_view key, std::vector<std::string>& out) {
  r.strings(key, out, false);
  for (std::size_t i = 0; i < out.size() && r.ok(); ++i) {
    if (!valid_name(out[i])) r.fail_at(pointer_append(r.at(key), i), "is not an SSH algorithm name");
  }
}

struct ClassLists {
  std::vector<std::string>* kex;
  std::vector<std::string>* host_key;
  std::vector<std::string>* ciphers;
  std::vector<std::string>* macs;
};

void read_classes(JsonReader& r, std::string_view key, const ClassLists& lists) {
  r.object(key, {"kex", "host_key", "ciphers", "macs"}, false, [&](JsonReader& c) {
    read_names(c, "kex", *lists.kex);
    read_names(c, "host_key", *lists.host_key);
    read_names(c, "ciphers", *lists.ciphers);
    read_names(c, "macs", *lists.macs);
  });
}

// A name both forbidden and required makes every device fail: a typo.
void check_disjoint(JsonReader& r, const std::vector<std::string>& forbidden, const std::vector<std::string>& required,
                    const char* cls) {
  for (std::size_t i = 0; i < required.size() && r.ok(); ++i) {
    for (const auto& f : forbidden) {
      if (f == required[i]) {
        r.fail_at(pointer_append(pointer_append(r.at("required"), cls), i),
                  "'" + f + "' is both forbidden and required");
      }
    }
  }
}

void read_closed(JsonReader& r, SshPosturePolicy& p) {
  r.objects("must_be_closed", {"service", "port"}, false, false, [&](JsonReader& s, std::size_t) {
    ClosedService c;
    int port = 0;
    s.string("service", c.service);
    s.integer("port", port, 1, 65535);
    c.port = static_cast<std::uint16_t>(port);
    p.must_be_closed.push_back(std::move(c));
  });
}

// "redfish": {"forbidden_protocols": [...], "default_accounts": [...]}.
void read_redfish(JsonReader& r, SshPosturePolicy& p) {
  if (!r.has("redfish")) return;
  RedfishServicePolicy rf;
  r.object("redfish", {"forbidden_protocols", "default_accounts"}, true, [&](JsonReader& o) {
    o.strings("forbidden_protocols", rf.forbidden_protocols, false);
    o.strings("default_accounts", rf.default_accounts, false);
  });
  p.redfish = std::move(rf);
}

SshPosturePolicy read_policy(JsonReader& r, const std::string& profile) {
  SshPosturePolicy p;
  p.profile = profile;
  std::string rationale;
  // A policy nobody can trace to a published guideline cannot be reviewed.
  r.string("source", p.citation);
  r.string("rationale", rationale, false);
  read_classes(r, "forbidden", {&p.forbidden_kex, &p.forbidden_host_key, &p.forbidden_ciphers, &p.forbidden_macs});
  read_classes(r, "required", {&p.required_kex, &p.required_host_key, &p.required_ciphers, &p.required_macs});
  check_disjoint(r, p.forbidden_kex, p.required_kex, "kex");
  check_disjoint(r, p.forbidden_host_key, p.required_host_key, "host_key");
  check_disjoint(r, p.forbidden_ciphers, p.required_ciphers, "ciphers");
  check_disjoint(r, p.forbidden_macs, p.required_macs, "macs");
  r.integer("min_rsa_bits", p.min_rsa_bits, 1024, 16384, false);
  r.integer("min_ecdsa_bits", p.min_ecdsa_bits, 256, 521, false);
  r.boolean("password_auth_allowed", p.password_auth_allowed);
  r.boolean("banner_may_reveal_version", p.banner_may_reveal_version);
  read_closed(r, p);
  read_redfish(r, p);
  r.object("snmp", {"v1_v2c"}, false, [&](JsonReader& s) {
    std::string rule;
    s.string("v1_v2c", rule);
    if (rule != "forbidden" && rule != "allowed") return s.fail("v1_v2c", "must be \"forbidden\" or \"allowed\"");
    p.snmp_v1_v2c_allowed = rule == "allowed";
  });
  return p;
}

void add_policy(JsonReader& r, const std::string& profile, const GoldenDb& db,
                std::map<std::string, SshPosturePolicy>& out) {
  const std::string what = profile.empty() ? "the site default posture" : "profile '" + profile + "'";
  if (db.posture.count(profile) != 0) return r.fail("", what + " is defined twice (first in " +
                                                            db.posture.at(profile).source + ")");
  out[profile] = read_policy(r, profile);
}

}  // namespace

Status parse_posture_file(std::string_view json, const std::string& path, GoldenDb& db) {
  auto policies = read_document(
      json, path, {"schema", "policies"}, std::map<std::string, SshPosturePolicy>{},
      [&](JsonReader& root, std::map<std::string, SshPosturePolicy>& out) {
        root.constant("schema", kPostureSchema);
        root.map("policies",
                 {"source", "rationale", "forbidden", "required", "min_rsa_bits", "min_ecdsa_bits",
                  "password_auth_allowed", "banner_may_reveal_version", "must_be_closed", "redfish", "snmp"},
                 true, [&](const std::string& name, JsonReader& r) {
                   if (name == kDefaultKey) return add_policy(r, "", db, out);
                   if (!is_known_profile(name)) return r.fail("", "unknown profile '" + name + "'");
                   add_policy(r, name, db, out);
                 });
      });
  if (!policies) return policies.error();
  for (auto& [name, policy] : *policies) {
    policy.source = path + "#/policies/" + (name.empty() ? kDefaultKey : name);
    if (policy.redfish) policy.redfish->source = policy.source + "/redfish";
  }
  db.posture.merge(*policies);
  return ok_status();
}

}  // namespace attest
