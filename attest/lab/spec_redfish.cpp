// The Redfish part of the lab spec: a BMC served over HTTPS from a mockup
// tree (see redfish_mockup.hpp), with its accounts, lockout, network
// protocols and hostile faults.
#include <set>

#include "attest/lab/redfish_mockup.hpp"
#include "attest/lab/spec_parts.hpp"

namespace attest::lab {
namespace spec_detail {
namespace {

constexpr const char* kSshOnlyFields[] = {"profile", "host_key", "accounts", "mode", "paging", "latency_ms",
                                          "max_auth_per_connection", "lockout", "fault", "tpm"};

constexpr RedfishFault kFaults[] = {RedfishFault::html, RedfishFault::truncated_json, RedfishFault::huge_body,
                                    RedfishFault::redirect_other_host, RedfishFault::hang};

// Usernames become URLs on OpenBMC (Accounts/<username>): keep them plain.
bool plain_username(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-' || c == '@';
    if (!ok) return false;
  }
  return true;
}

void read_accounts(JsonReader& r, RedfishSpec& spec) {
  std::set<std::string> seen;
  r.objects("accounts", {"username", "password", "enabled", "role"}, true, false, [&](JsonReader& a, std::size_t) {
    RedfishAccount account;
    a.string("username", account.username);
    a.string("password", account.password, true, true);
    a.boolean("enabled", account.enabled);
    a.name("role", account.role, false);
    if (!a.ok()) return;
    if (!plain_username(account.username)) return a.fail("username", "must be 1-64 of A-Z a-z 0-9 . _ - @");
    if (account.username.find(':') != std::string::npos) return a.fail("username", "must not contain ':'");
    if (!seen.insert(account.username).second) return a.fail("username", "duplicate account \"" + account.username + "\"");
    spec.accounts.push_back(std::move(account));
  });
}

// Redfish requires AccountLockoutCounterResetAfter <= AccountLockoutDuration.
void read_lockout(JsonReader& r, RedfishLockout& out) {
  r.object("lockout", {"threshold", "duration_s", "reset_after_s"}, false, [&](JsonReader& l) {
    l.integer("threshold", out.threshold, 1, 1000);
    l.integer("duration_s", out.duration_s, 1, 86400);
    out.reset_after_s = out.duration_s;
    l.integer("reset_after_s", out.reset_after_s, 1, 86400, false);
    if (l.ok() && out.reset_after_s > out.duration_s) l.fail("reset_after_s", "must not exceed duration_s (DSP0268 AccountService)");
  });
}

void read_fault(JsonReader& r, RedfishFault& out) {
  if (!r.has("fault") || r.is_null("fault")) return;
  std::string name;
  r.string("fault", name);
  if (!r.ok()) return;
  for (RedfishFault f : kFaults) {
    if (name == to_string(f)) {
      out = f;
      return;
    }
  }
  r.fail("fault", "unknown Redfish fault \"" + name + "\" (html, truncated_json, huge_body, redirect_other_host, hang)");
}

void read_redfish(JsonReader& r, const std::string& spec_path, const std::string& device, RedfishSpec& spec) {
  r.string("mockup", spec.mockup);
  if (r.ok() && find_mockup(spec.mockup) == nullptr) {
    return r.fail("mockup", "unknown mockup \"" + spec.mockup + "\" (" + mockup_names() + ")");
  }
  std::string cert = "keys/" + device + ".redfish.crt", key = "keys/" + device + ".redfish.key";
  r.string("tls_cert", cert, false);
  r.string("tls_key", key, false);
  spec.tls_cert = resolve(spec_path, cert);
  spec.tls_key = resolve(spec_path, key);
  r.boolean("cert_expired", spec.cert_expired);
  read_accounts(r, spec);
  read_lockout(r, spec.lockout);
  r.boolean("ipmi_enabled", spec.ipmi_enabled);
  r.boolean("telnet_enabled", spec.telnet_enabled);
  r.boolean("ssdp_enabled", spec.ssdp_enabled);
  r.boolean("http_enabled", spec.http_enabled);
  read_fault(r, spec.fault);
}

}  // namespace

void read_redfish_device(JsonReader& r, const std::string& spec_path, DeviceSpec& d) {
  for (const char* field : kSshOnlyFields) {
    if (r.has(field)) return r.fail(field, "not a field of a Redfish device (see \"redfish\")");
  }
  d.transport = Transport::redfish;
  read_endpoint(r, d);
  r.object("redfish",
           {"mockup", "tls_cert", "tls_key", "cert_expired", "accounts", "lockout", "ipmi_enabled", "telnet_enabled",
            "ssdp_enabled", "http_enabled", "fault"},
           true, [&](JsonReader& rf) {
             RedfishSpec spec;
             read_redfish(rf, spec_path, d.name, spec);
             if (rf.ok()) d.redfish = std::move(spec);
           });
  read_facts(r, d);
}

}  // namespace spec_detail

const char* to_string(RedfishFault fault) {
  switch (fault) {
    case RedfishFault::none: return "none";
    case RedfishFault::html: return "html";
    case RedfishFault::truncated_json: return "truncated_json";
    case RedfishFault::huge_body: return "huge_body";
    case RedfishFault::redirect_other_host: return "redirect_other_host";
    case RedfishFault::hang: return "hang";
  }
  return "none";
}

}  // namespace attest::lab
