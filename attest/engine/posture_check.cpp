#include "attest/engine/posture_check.hpp"

#include <algorithm>

#include "attest/ssh/kexinit.hpp"

namespace attest {
namespace {

using Names = std::vector<std::string>;

bool contains(const Names& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string join(const Names& items, const char* sep) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

// Device text for a detail line: the parser admits only printable ASCII,
// but the banner may have come another way.
std::string printable(std::string_view raw) {
  std::string out;
  for (char c : raw.substr(0, 255)) out.push_back(c >= 0x20 && c <= 0x7e ? c : '?');
  return out;
}

// Forbidden names offered in either direction, each once, in offer order.
Names offered_forbidden(const Names& c2s, const Names& s2c, const Names& forbidden) {
  Names out;
  for (const Names* list : {&c2s, &s2c}) {
    for (const auto& name : *list) {
      if (contains(forbidden, name) && !contains(out, name)) out.push_back(name);
    }
  }
  return out;
}

void forbidden_class(const char* cls, const Names& c2s, const Names& s2c, const Names& forbidden, Names& problems) {
  const Names bad = offered_forbidden(c2s, s2c, forbidden);
  if (!bad.empty()) problems.push_back("forbidden " + std::string(cls) + " offered: " + join(bad, ", "));
}

// A required list is met when each direction offers one of its names.
void required_class(const char* cls, const Names& c2s, const Names& s2c, const Names& required, Names& problems) {
  if (required.empty()) return;
  auto meets = [&](const Names& offered) {
    return std::any_of(offered.begin(), offered.end(), [&](const std::string& n) { return contains(required, n); });
  };
  if (!meets(c2s) || !meets(s2c)) problems.push_back("no required " + std::string(cls) + " offered");
}

void algorithm_problems(const KexInitLists& k, const SshPosturePolicy& p, Names& problems) {
  forbidden_class("kex", k.kex, {}, p.forbidden_kex, problems);
  forbidden_class("host key algorithm", k.host_key, {}, p.forbidden_host_key, problems);
  forbidden_class("cipher", k.cipher_c2s, k.cipher_s2c, p.forbidden_ciphers, problems);
  forbidden_class("MAC", k.mac_c2s, k.mac_s2c, p.forbidden_macs, problems);
  required_class("kex", k.kex, k.kex, p.required_kex, problems);
  required_class("host key algorithm", k.host_key, k.host_key, p.required_host_key, problems);
  required_class("cipher", k.cipher_c2s, k.cipher_s2c, p.required_ciphers, problems);
  required_class("MAC", k.mac_c2s, k.mac_s2c, p.required_macs, problems);
}

// RSA and DSA are sized by their modulus, ECDSA by its curve; Ed25519 and
// Ed448 have one size each. An unknown size (0) is not judged.
void host_key_problems(const SshServerPosture& ssh, const SshPosturePolicy& p, Names& problems) {
  const std::string& type = ssh.host_key_type;
  const bool finite_field = type == "ssh-rsa" || type == "ssh-dss";
  const int minimum = finite_field ? p.min_rsa_bits : type.rfind("ecdsa-sha2-", 0) == 0 ? p.min_ecdsa_bits : 0;
  if (ssh.host_key_bits > 0 && ssh.host_key_bits < minimum) {
    problems.push_back("host key " + type + " has " + std::to_string(ssh.host_key_bits) + " bits, below " +
                       std::to_string(minimum));
  }
}

void auth_and_banner_problems(const SshServerPosture& ssh, const SshPosturePolicy& p, Names& problems) {
  if (!p.password_auth_allowed) {
    Names offered;
    for (const char* m : {"password", "keyboard-interactive"}) {
      if (contains(ssh.login_methods, m)) offered.emplace_back(m);
    }
    if (!offered.empty()) problems.push_back("server offers " + join(offered, " and ") + " to the login user");
  }
  if (!p.banner_may_reveal_version && ssh::banner_reveals_version(ssh.banner)) {
    problems.push_back("banner '" + printable(ssh.banner) + "' reveals the software version");
  }
}

std::string describe(const ClosedService& s) { return s.service + " (TCP " + std::to_string(s.port) + ")"; }

const PortProbe* find_probe(const std::vector<PortProbe>& probes, const ClosedService& s) {
  for (const auto& p : probes) {
    if (p.port == s.port) return &p;
  }
  return nullptr;
}

// Open is a failure; a probe that errored or never ran proves nothing.
void exposure_problems(const DeviceEvidence& ev, const SshPosturePolicy& p, Names& problems, Names& unproven) {
  for (const auto& s : p.must_be_closed) {
    const PortProbe* probe = find_probe(ev.exposure, s);
    if (probe == nullptr) unproven.push_back(describe(s) + " was not probed");
    else if (probe->state == PortState::open) problems.push_back(describe(s) + " is open");
    else if (probe->state == PortState::error) unproven.push_back(describe(s) + " could not be probed: " + printable(probe->detail));
  }
}

std::string negotiated_text(const SshServerPosture& ssh) {
  if (!ssh.negotiated) return "offered algorithms meet the policy (no key exchange finished)";
  const NegotiatedAlgorithms& n = *ssh.negotiated;
  std::string key = ssh.host_key_type.empty() ? n.host_key : ssh.host_key_type;
  if (ssh.host_key_bits > 0) key += " " + std::to_string(ssh.host_key_bits) + " bits";
  return "negotiated kex " + n.kex + ", host key " + key + ", cipher " + n.cipher_s2c + ", MAC " + n.mac_s2c;
}

bool speaks_only_ssh1(const std::string& banner) {
  return banner.rfind("SSH-1.", 0) == 0 && banner.rfind("SSH-1.99-", 0) != 0;
}

Finding finding(CheckStatus status, std::string detail, const SshPosturePolicy* policy) {
  return Finding{check::kSshPosture, status, std::move(detail), policy != nullptr ? policy->source : std::string{}};
}

}  // namespace

Finding check_ssh_posture(const Device& /*device*/, const DeviceEvidence& ev, const SshPosturePolicy* policy) {
  const SshServerPosture& ssh = ev.ssh;
  if (ssh.banner.empty()) return Finding{check::kSshPosture, CheckStatus::skip, "device not reached (no SSH banner)", {}};
  if (speaks_only_ssh1(ssh.banner)) {
    return finding(CheckStatus::fail, "server speaks only SSH-1: '" + printable(ssh.banner) + "'", policy);
  }
  if (policy == nullptr) return finding(CheckStatus::error, "golden DB has no ssh-posture policy", policy);
  Names problems, unproven;
  if (!ssh.refused_by_policy.empty()) problems.push_back("refused by policy: " + printable(ssh.refused_by_policy));
  if (ssh.offered) algorithm_problems(*ssh.offered, *policy, problems);
  host_key_problems(ssh, *policy, problems);
  auth_and_banner_problems(ssh, *policy, problems);
  exposure_problems(ev, *policy, problems, unproven);
  if (!problems.empty()) return finding(CheckStatus::fail, join(problems, "; "), policy);
  if (!ssh.offered) {
    return finding(CheckStatus::error, "banner '" + printable(ssh.banner) + "' seen but no KEXINIT received", policy);
  }
  if (!unproven.empty()) return finding(CheckStatus::error, join(unproven, "; "), policy);
  return finding(CheckStatus::pass, negotiated_text(ssh), policy);
}

}  // namespace attest
