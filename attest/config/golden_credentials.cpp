// Factory-default credential files: what each profile's devices accept out
// of the box, each candidate with the documentation that says so.
#include <map>

#include "attest/config/golden_loader.hpp"
#include "attest/config/json_reader.hpp"
#include "attest/profiles/profile.hpp"
#include "attest/redfish/profiles.hpp"

namespace attest {
namespace {

constexpr std::int64_t kMaxBudget = 100;
constexpr std::int64_t kMaxSerialSuffix = 64;
constexpr std::int64_t kMaxLockoutWindow = 30 * 24 * 3600;  // Junos lockout-period allows 43200 minutes

// Sets how the password is obtained; exactly one of the three forms.
void read_password_kind(JsonReader& r, DefaultCredential& c) {
  const int forms = (r.has("password") ? 1 : 0) + (r.has("auth") ? 1 : 0) + (r.has("password_rule") ? 1 : 0);
  if (forms != 1) return r.fail("", "needs exactly one of \"password\", \"auth\": \"none\" or \"password_rule\"");
  if (r.has("password")) {
    c.kind = PasswordKind::literal;
    return r.string("password", c.password, true, true);
  }
  if (r.has("auth")) {
    c.kind = PasswordKind::none_auth;
    return r.constant("auth", "none");
  }
  c.kind = PasswordKind::serial_suffix;
  r.object("password_rule", {"serial_suffix"}, true,
           [&](JsonReader& rule) { rule.integer("serial_suffix", c.length, 1, kMaxSerialSuffix); });
}

// "versions": ["v2c"] (the default), ["v2c", "v1"]...: each at most once.
void read_snmp_versions(JsonReader& r, SnmpPolicy& p) {
  if (!r.has("versions")) return;
  std::vector<std::string> versions;
  r.strings("versions", versions);
  p.v1 = p.v2c = false;
  for (std::size_t i = 0; i < versions.size() && r.ok(); ++i) {
    bool& slot = versions[i] == "v1" ? p.v1 : p.v2c;
    if (versions[i] != "v1" && versions[i] != "v2c") {
      r.fail_at(pointer_append(r.at("versions"), i), "must be \"v1\" or \"v2c\" (SNMPv3 is not probed)");
    } else if (slot) {
      r.fail_at(pointer_append(r.at("versions"), i), "'" + versions[i] + "' is listed twice");
    }
    slot = true;
  }
  if (r.ok() && versions.empty()) r.fail("versions", "must list at least one version");
}

// A community string as SNMP carries it: 1 to 255 printable ASCII bytes
// (RFC 3584 §5.1 snmpCommunityName is an SnmpAdminString; agents in practice
// accept ASCII only).
bool valid_community(const std::string& c) {
  if (c.empty() || c.size() > 255) return false;
  for (char ch : c)
    if (ch < 0x21 || ch > 0x7e) return false;
  return true;
}

class CredentialsReader {
 public:
  explicit CredentialsReader(const GoldenDb& db) {
    // Ids are unique across the whole DB: findings and reports cite them.
    for (const auto& [profile, policy] : db.credentials)
      for (const auto& c : policy.defaults) ids_.emplace(c.id, "an earlier file (profile " + profile + ")");
  }

  void read(JsonReader& root, const GoldenDb& db, std::map<std::string, CredentialPolicy>& out) {
    root.constant("schema", kDefaultCredentialsSchema);
    root.map("profiles", {"attempt_budget", "max_auth_per_connection", "lockout", "defaults", "snmp"}, true,
             [&](const std::string& name, JsonReader& r) {
               if (!is_known_profile(name)) return r.fail("", "unknown profile '" + name + "'");
               if (db.credentials.count(name) != 0) return r.fail("", "profile '" + name + "' is defined twice");
               out[name] = read_policy(r, name);
             });
  }

 private:
  CredentialPolicy read_policy(JsonReader& r, const std::string& name) {
    CredentialPolicy policy;
    policy.profile = name;
    r.optional_integer("attempt_budget", policy.attempt_budget, 1, kMaxBudget);
    r.optional_integer("max_auth_per_connection", policy.max_auth_per_connection, 1, kMaxBudget);
    // A window nobody can trace to documentation cannot be reviewed either.
    r.object("lockout", {"window_s", "source"}, false, [&](JsonReader& l) {
      int window = 0;
      l.integer("window_s", window, 1, kMaxLockoutWindow);
      l.string("source", policy.lockout_source);
      policy.lockout_window_s = window;
    });
    r.objects("defaults", {"id", "username", "password", "auth", "password_rule", "source"}, true, false,
              [&](JsonReader& d, std::size_t) { read_default(d, policy); });
    r.object("snmp", {"port", "versions", "communities", "attempt_budget"}, false,
             [&](JsonReader& s) { policy.snmp = read_snmp(s); });
    return policy;
  }

  SnmpPolicy read_snmp(JsonReader& r) {
    SnmpPolicy p;
    int port = p.port;
    r.integer("port", port, 1, 65535, false);
    p.port = static_cast<std::uint16_t>(port);
    read_snmp_versions(r, p);
    r.integer("attempt_budget", p.attempt_budget, 1, kMaxBudget, false);
    r.objects("communities", {"id", "community", "source"}, true, true,
              [&](JsonReader& c, std::size_t) { read_community(c, p); });
    return p;
  }

  void read_community(JsonReader& r, SnmpPolicy& p) {
    SnmpCommunity c;
    r.name("id", c.id);
    r.string("community", c.community);
    r.string("source", c.source);
    if (!r.ok()) return;
    if (!valid_community(c.community)) return r.fail("community", "must be 1 to 255 printable ASCII characters");
    // The same public default ("snmp-public") may serve every profile; within
    // one profile an id and a community each appear once.
    for (const auto& earlier : p.communities) {
      if (earlier.id == c.id) return r.fail("id", "duplicate community id '" + c.id + "' in this profile");
      if (earlier.community == c.community) return r.fail("community", "community listed twice in this profile");
    }
    p.communities.push_back(std::move(c));
  }

  void read_default(JsonReader& r, CredentialPolicy& policy) {
    DefaultCredential c;
    r.name("id", c.id);
    r.name("username", c.username);
    read_password_kind(r, c);
    // A candidate nobody can trace to documentation cannot be reviewed.
    r.string("source", c.source);
    if (!r.ok()) return;
    const auto [it, inserted] = ids_.emplace(c.id, r.at("id"));
    if (!inserted) return r.fail("id", "duplicate default credential id '" + c.id + "' (first at " + it->second + ")");
    policy.defaults.push_back(std::move(c));
  }

  std::map<std::string, std::string> ids_;  // id -> where first defined
};

}  // namespace

Status parse_credentials_file(std::string_view json, const std::string& path, GoldenDb& db) {
  CredentialsReader reader(db);
  auto policies = read_document(json, path, {"schema", "profiles"}, std::map<std::string, CredentialPolicy>{},
                                [&](JsonReader& root, std::map<std::string, CredentialPolicy>& out) {
                                  reader.read(root, db, out);
                                });
  if (!policies) return policies.error();
  for (auto& [name, policy] : *policies) {
    policy.source = path + "#/profiles/" + name;
    if (policy.snmp) policy.snmp->source = policy.source + "/snmp";
  }
  db.credentials.merge(*policies);
  return ok_status();
}

}  // namespace attest
