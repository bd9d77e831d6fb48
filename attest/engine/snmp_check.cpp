#include "attest/engine/snmp_check.hpp"

#include <string>
#include <vector>

#include "attest/snmp/probe.hpp"

namespace attest {
namespace {

using Lines = std::vector<std::string>;

std::string join(const Lines& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : "; ") + s;
  return out;
}

std::string describe(const SnmpProbe& p) {
  return "'" + p.community_id + "' (community \"" + p.community + "\", SNMP" + snmp::to_string(p.version) +
         ", UDP " + std::to_string(p.port) + ")";
}

std::string answered_text(const SnmpProbe& p) {
  std::string s = describe(p);
  if (!p.sys_descr.empty()) s += ", sysDescr '" + p.sys_descr + "'";
  return s;
}

struct Tally {
  Lines answered, unchecked;
  int unanswered = 0;
};

Tally tally(const std::vector<SnmpProbe>& probes) {
  Tally t;
  for (const auto& p : probes) {
    if (p.outcome == SnmpOutcome::answered) t.answered.push_back(answered_text(p));
    else if (p.outcome == SnmpOutcome::no_answer) ++t.unanswered;
    else t.unchecked.push_back(describe(p) + ": " + (p.detail.empty() ? snmp::to_string(p.outcome) : p.detail));
  }
  return t;
}

const SnmpPolicy* snmp_policy(const CredentialPolicy* policy) {
  return policy != nullptr && policy->snmp ? &*policy->snmp : nullptr;
}

std::string unanswered_text(int n) {
  return std::to_string(n) + " SNMP request(s) unanswered (refused or filtered)";
}

}  // namespace

Finding merge_snmp_defaults(Finding f, const DeviceEvidence& ev, const CredentialPolicy* policy) {
  const SnmpPolicy* snmp = snmp_policy(policy);
  if (snmp == nullptr) return f;
  const Tally t = tally(ev.snmp);
  if (!t.answered.empty()) {
    const std::string ssh = f.status == CheckStatus::fail ? f.detail + "; " : "";
    f.status = CheckStatus::fail;
    f.detail = ssh + "default SNMP community answers: " + join(t.answered);
    f.rule = snmp->source;
    return f;
  }
  if (f.status == CheckStatus::fail) return f;
  if (ev.snmp.empty()) {
    f.status = CheckStatus::error;
    f.detail = "SNMP default communities were not probed; " + f.detail;
    return f;
  }
  if (!t.unchecked.empty()) {
    f.status = CheckStatus::error;
    f.detail = std::to_string(t.unchecked.size()) + " SNMP community request(s) not checked: " + join(t.unchecked) +
               "; " + f.detail;
    f.rule = snmp->source;
    return f;
  }
  if (f.status == CheckStatus::skip && f.detail.find("lists no factory defaults") != std::string::npos) {
    f.status = CheckStatus::pass;  // nothing to try over SSH; SNMP was tried and refused
    f.detail = unanswered_text(t.unanswered);
    f.rule = snmp->source;
    return f;
  }
  f.detail += "; " + unanswered_text(t.unanswered);
  return f;
}

std::optional<Finding> check_snmp_posture(const DeviceEvidence& ev, const CredentialPolicy* credentials,
                                          const SshPosturePolicy* posture) {
  if (snmp_policy(credentials) == nullptr) return std::nullopt;
  Finding f{check::kServicePosture, CheckStatus::error, "", posture != nullptr ? posture->source + "/snmp" : ""};
  if (posture == nullptr || !posture->snmp_v1_v2c_allowed) {
    f.detail = "posture policy has no snmp rule (\"snmp\": {\"v1_v2c\": ...}) for a profile that declares SNMP";
    return f;
  }
  const Tally t = tally(ev.snmp);
  if (!t.answered.empty()) {
    const bool allowed = *posture->snmp_v1_v2c_allowed;
    f.status = allowed ? CheckStatus::pass : CheckStatus::fail;
    f.detail = std::string("SNMPv1/v2c enabled") + (allowed ? " (allowed by policy): " : " (policy forbids it): ") +
               join(t.answered);
    return f;
  }
  if (ev.snmp.empty()) {
    f.detail = "SNMP was not probed";
    return f;
  }
  if (!t.unchecked.empty()) {
    f.detail = "SNMP requests not judged: " + join(t.unchecked);
    return f;
  }
  f.status = CheckStatus::pass;
  f.detail = "no SNMPv1/v2c answer to " + std::to_string(t.unanswered) + " default-community request(s)";
  return f;
}

}  // namespace attest
