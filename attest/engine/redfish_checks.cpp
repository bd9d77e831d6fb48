#include "attest/engine/redfish_checks.hpp"

#include <algorithm>
#include <cctype>

namespace attest {
namespace {

std::string endpoint(const Device& d) { return "https://" + d.address + ":" + std::to_string(d.port); }

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool same_ignoring_case(const std::string& a, const std::string& b) { return lower(a) == lower(b); }

std::string join(const std::vector<std::string>& v, const char* sep = "; ") {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

// The collection stopped before the data the check needs: why.
std::optional<std::string> unusable(const DeviceEvidence& ev) {
  if (ev.connect_error) return std::string("device not reached");
  if (!ev.host_key_matches_pin) return std::string("not attempted: the TLS certificate does not match the pin");
  if (ev.login_error) return "could not log in: " + ev.login_error->message;
  if (ev.session_error) return ev.session_error->message;
  return std::nullopt;
}

CheckStatus worst(CheckStatus a, CheckStatus b) {
  auto rank = [](CheckStatus s) { return s == CheckStatus::fail ? 3 : s == CheckStatus::error ? 2 : s == CheckStatus::pass ? 1 : 0; };
  return rank(a) >= rank(b) ? a : b;
}

bool matches(const FirmwareComponent& part, const RedfishComponent& c) {
  return std::any_of(part.match.begin(), part.match.end(), [&](const std::string& m) {
    const std::string needle = lower(m);
    return lower(c.name).find(needle) != std::string::npos || lower(c.id).find(needle) != std::string::npos;
  });
}

std::string component_text(const RedfishComponent& c) {
  return (c.name.empty() ? c.id : c.name) + " " + (c.version.empty() ? "(no version)" : c.version);
}

}  // namespace

Finding check_tls_reachability(const Device& device, const DeviceEvidence& ev) {
  if (ev.connect_error) {
    return {check::kReachability, CheckStatus::error, "cannot reach " + endpoint(device) + ": " + ev.connect_error->message};
  }
  if (!ev.host_key_matches_pin) {
    return {check::kReachability, CheckStatus::pass, "TLS server at " + endpoint(device) + " presented its certificate"};
  }
  return {check::kReachability, CheckStatus::pass, "TLS handshake with " + endpoint(device) + " completed"};
}

Finding check_tls_pin(const Device& device, const DeviceEvidence& ev) {
  if (ev.connect_error) return {check::kHostKey, CheckStatus::skip, "device not reached"};
  if (device.host_keys.empty()) {
    return {check::kHostKey, CheckStatus::fail,
            "no pinned TLS certificate (run `attest pin`); device presented " + ev.host_key_fingerprint};
  }
  const std::string matched = pin_named(device.host_keys, ev.host_key_fingerprint);
  if (!ev.host_key_matches_pin || matched.empty()) {
    return {check::kHostKey, CheckStatus::fail,
            "device presented TLS certificate " + ev.host_key_fingerprint + " (" + ev.redfish->tls_subject +
                "), pinned " + pins_text(device.host_keys) +
                ": possible device swap or interception; no credentials were sent"};
  }
  return {check::kHostKey, CheckStatus::pass, "TLS certificate " + ev.host_key_fingerprint + " matches " + matched};
}

Finding check_redfish_defaults(const DeviceEvidence& ev, const CredentialPolicy* policy) {
  const std::string rule = policy ? policy->source : "";
  if (ev.connect_error || !ev.host_key_matches_pin) {
    return {check::kDefaultCredentials, CheckStatus::skip, *unusable(ev), rule};
  }
  if (!policy) return {check::kDefaultCredentials, CheckStatus::error, "golden DB has no default-credential policy for this profile"};
  std::vector<std::string> accepted, unchecked;
  int refused = 0;
  for (const auto& a : ev.attempts) {
    if (a.origin != AttemptOrigin::factory_default) continue;
    const std::string what = "'" + a.credential_id + "' (user " + a.username + ", " + a.method + ")";
    if (a.outcome == AttemptOutcome::accepted) accepted.push_back(what);
    else if (a.outcome == AttemptOutcome::rejected) ++refused;
    else unchecked.push_back(what + ": " + a.detail);
  }
  const std::string& note = ev.redfish->not_probeable;
  const std::string tail = note.empty() ? "" : "; " + note;
  if (!accepted.empty()) return {check::kDefaultCredentials, CheckStatus::fail, "factory-default credential logs in: " + join(accepted) + tail, rule};
  if (!unchecked.empty()) {
    return {check::kDefaultCredentials, CheckStatus::error,
            std::to_string(unchecked.size()) + " factory-default request(s) not checked: " + join(unchecked) + tail, rule};
  }
  if (refused == 0) {
    // Nothing tried proves nothing: skip, never pass (iLO's label password included).
    return {check::kDefaultCredentials, CheckStatus::skip,
            note.empty() ? "golden DB lists no factory defaults for this profile" : note, rule};
  }
  return {check::kDefaultCredentials, CheckStatus::pass,
          std::to_string(refused) + " factory-default request(s) refused by the BMC" + tail, rule};
}

Finding check_redfish_identity(const Device& device, const DeviceEvidence& ev) {
  const std::string rule = "inventory: " + device.json_pointer;
  if (auto why = unusable(ev)) return {check::kIdentity, ev.connect_error || !ev.host_key_matches_pin ? CheckStatus::skip : CheckStatus::error, *why};
  const RedfishEvidence& rf = *ev.redfish;
  std::vector<std::string> wrong;
  if (!same_ignoring_case(rf.model, device.model))
    wrong.push_back("Systems Model reads '" + rf.model + "', inventory expects '" + device.model + "'");
  if (!same_ignoring_case(rf.serial, device.serial))
    wrong.push_back("Systems SerialNumber reads '" + rf.serial + "', inventory expects '" + device.serial + "'");
  if (!wrong.empty()) return {check::kIdentity, CheckStatus::fail, join(wrong) + ": wrong device in this position?", rule};
  return {check::kIdentity, CheckStatus::pass, rf.manufacturer + " " + rf.model + ", serial " + rf.serial, rule};
}

Finding check_redfish_firmware(const Device& device, const DeviceEvidence& ev, const GoldenDb& db) {
  if (auto why = unusable(ev)) return {check::kFirmwareVersion, ev.connect_error || !ev.host_key_matches_pin ? CheckStatus::skip : CheckStatus::error, *why};
  const RedfishEvidence& rf = *ev.redfish;
  if (rf.firmware_error) return {check::kFirmwareVersion, CheckStatus::error, "FirmwareInventory: " + rf.firmware_error->message};
  const FirmwarePolicy* policy = db.find_firmware(rf.model);
  if (!policy) {
    return {check::kFirmwareVersion, CheckStatus::fail, "no golden policy for model '" + rf.model + "' (profile " + device.profile + ")"};
  }
  if (policy->components.empty()) {
    return {check::kFirmwareVersion, CheckStatus::error, "the policy for " + policy->model + " has no \"components\" to judge a BMC's FirmwareInventory by", policy->source};
  }
  CheckStatus status = CheckStatus::pass;
  std::vector<std::string> parts;
  std::vector<bool> known(rf.firmware.size(), false);
  for (const auto& part : policy->components) {
    bool found = false;
    for (std::size_t i = 0; i < rf.firmware.size(); ++i) {
      if (!matches(part, rf.firmware[i])) continue;
      found = known[i] = true;
      const Finding f = check_version_policy(part.policy, rf.firmware[i].version);
      status = worst(status, f.status);
      parts.push_back(part.name + ": " + f.detail);
    }
    if (!found) {
      status = worst(status, CheckStatus::error);
      parts.push_back(part.name + ": not in the BMC's FirmwareInventory");
    }
  }
  std::vector<std::string> unknown;
  for (std::size_t i = 0; i < rf.firmware.size(); ++i)
    if (!known[i]) unknown.push_back(component_text(rf.firmware[i]));
  std::string detail = join(parts);
  if (!unknown.empty()) detail += "; components without a policy (not judged): " + join(unknown, ", ");
  return {check::kFirmwareVersion, status, detail, policy->source};
}

Finding check_redfish_posture(const DeviceEvidence& ev, const SshPosturePolicy* policy) {
  if (auto why = unusable(ev)) return {check::kServicePosture, ev.connect_error || !ev.host_key_matches_pin ? CheckStatus::skip : CheckStatus::error, *why};
  if (!policy || !policy->redfish) {
    return {check::kServicePosture, CheckStatus::error, "golden DB has no \"redfish\" posture policy for this profile"};
  }
  const RedfishServicePolicy& p = *policy->redfish;
  const RedfishEvidence& rf = *ev.redfish;
  if (rf.protocols_error) return {check::kServicePosture, CheckStatus::error, "NetworkProtocol: " + rf.protocols_error->message, p.source};
  if (rf.accounts_error) return {check::kServicePosture, CheckStatus::error, "Accounts: " + rf.accounts_error->message, p.source};
  std::vector<std::string> bad;
  for (const auto& name : p.forbidden_protocols) {
    for (const auto& proto : rf.protocols) {
      if (!same_ignoring_case(proto.name, name)) continue;
      if (!proto.enabled) bad.push_back(proto.name + " does not state ProtocolEnabled");
      else if (*proto.enabled) bad.push_back(proto.name + " is enabled" + (proto.port ? " (port " + std::to_string(*proto.port) + ")" : ""));
    }
  }
  for (const auto& name : p.default_accounts) {
    for (const auto& a : rf.accounts)
      if (a.enabled && same_ignoring_case(a.username, name)) bad.push_back("factory account '" + a.username + "' is enabled");
  }
  if (!bad.empty()) return {check::kServicePosture, CheckStatus::fail, "Redfish: " + join(bad), p.source};
  return {check::kServicePosture, CheckStatus::pass,
          "Redfish: none of " + join(p.forbidden_protocols, ", ") + " enabled; no factory account enabled (" +
              std::to_string(rf.accounts.size()) + " accounts)", p.source};
}

DeviceAssessment assess_redfish_device(const Device& device, const DeviceEvidence& ev, const GoldenDb& db) {
  DeviceAssessment out;
  if (!ev.redfish) {
    out.findings.push_back({check::kReachability, CheckStatus::error, "internal error: no Redfish evidence"});
    out.verdict = verdict_of(out.findings);
    return out;
  }
  out.findings.push_back(check_tls_reachability(device, ev));
  Finding pin = check_tls_pin(device, ev);
  if (pin.status != CheckStatus::skip) pin.rule = "inventory: " + device.json_pointer + "/host_key";
  out.findings.push_back(std::move(pin));
  const auto policy = db.credentials.find(device.profile);
  out.findings.push_back(check_redfish_defaults(ev, policy == db.credentials.end() ? nullptr : &policy->second));
  out.findings.push_back({check::kRetiredCredentials, CheckStatus::skip, "retired credentials are not probed over Redfish"});
  out.findings.push_back(check_redfish_identity(device, ev));
  out.findings.push_back(check_redfish_firmware(device, ev, db));
  out.findings.push_back(check_redfish_posture(ev, db.find_posture(device.profile)));
  if (!unusable(ev)) {
    const RedfishEvidence& rf = *ev.redfish;
    out.facts = DeviceFacts{rf.manufacturer, rf.model, rf.serial, rf.bmc_firmware};
  } else {
    out.facts_error = *unusable(ev);
  }
  out.verdict = verdict_of(out.findings);
  return out;
}

}  // namespace attest
