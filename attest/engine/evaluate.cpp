#include "attest/engine/evaluate.hpp"

#include <algorithm>
#include <cctype>

#include "attest/engine/posture_check.hpp"
#include "attest/profiles/forms.hpp"
#include "attest/engine/snmp_check.hpp"
#include "attest/util/text.hpp"

namespace attest {
namespace {

Finding make(const char* check_id, CheckStatus status, std::string detail, std::string rule = {}) {
  return Finding{check_id, status, std::move(detail), std::move(rule)};
}

std::string endpoint(const Device& d) { return d.address + ":" + std::to_string(d.port); }

bool same_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// Facts come from every profile command; a command that failed or a parser
// that refused the output leaves no facts and a reason. A command with older
// forms (Profile::fallbacks) takes the first form that answered, and `notes`
// says which and why.
std::optional<DeviceFacts> facts_from(const Profile* profile, const DeviceEvidence& ev, std::string* why,
                                      std::vector<std::string>* notes) {
  if (!profile) { *why = "unknown profile"; return std::nullopt; }
  if (ev.login_error) { *why = "could not log in: " + ev.login_error->message; return std::nullopt; }
  if (ev.session_error) { *why = ev.session_error->message; return std::nullopt; }
  std::vector<FormRun> ran;
  for (const auto& c : ev.commands) ran.push_back(form_run(c));
  auto chosen = choose_forms(*profile, ran);
  if (!chosen) { *why = chosen.error().message; return std::nullopt; }
  *notes = std::move(chosen->notes);
  const CommandOutputs& outputs = chosen->outputs;
  auto parsed = profile->parse(outputs);
  if (!parsed) { *why = "output not understood: " + parsed.error().message; return std::nullopt; }
  // Facts are one-line values that findings, tables and reports quote:
  // escape sequences, controls and bidi overrides go (a serial "ABC<RLO>"
  // must not display as another serial).
  DeviceFacts facts = std::move(parsed).value();
  for (std::string* field : {&facts.vendor, &facts.model, &facts.serial, &facts.version}) {
    *field = terminal_text(*field);
  }
  return facts;
}

std::string describe_attempt(const AuthAttempt& a) {
  return "'" + a.credential_id + "' (user " + a.username + ", " + a.method + ")";
}

// Why a check could not run on a device without an SSH session.
std::string unreached(const DeviceEvidence& ev) {
  if (!ev.ssh.refused_by_policy.empty()) {
    return "not attempted: the server offers no algorithm the posture policy allows (see ssh-posture)";
  }
  return "device not reached";
}

}  // namespace

Finding check_reachability(const Device& device, const DeviceEvidence& ev) {
  if (ev.connect_error && !ev.ssh.refused_by_policy.empty()) {
    // It answered; attest declined to go on (ssh-posture says why).
    return make(check::kReachability, CheckStatus::pass,
                "SSH server at " + endpoint(device) + " answered; key exchange refused: " + ev.ssh.refused_by_policy);
  }
  if (ev.connect_error) {
    return make(check::kReachability, CheckStatus::error,
                "cannot reach " + endpoint(device) + ": " + ev.connect_error->message);
  }
  return make(check::kReachability, CheckStatus::pass,
              "SSH handshake with " + endpoint(device) + " completed");
}

// Host key and identity are checked against the inventory entry, which the
// report pins by digest: its JSON pointer is the rule.
Finding cite(Finding f, std::string rule) {
  if (f.status != CheckStatus::skip) f.rule = std::move(rule);
  return f;
}

Finding check_host_key(const Device& device, const DeviceEvidence& ev) {
  if (ev.connect_error) return make(check::kHostKey, CheckStatus::skip, unreached(ev));
  if (device.host_keys.empty()) {
    return make(check::kHostKey, CheckStatus::fail,
                "no pinned host key (run `attest pin`); device presented " + ev.host_key_fingerprint);
  }
  // The collector's verdict and this one must agree: either alone is not enough.
  const std::string matched = pin_named(device.host_keys, ev.host_key_fingerprint);
  if (!ev.host_key_matches_pin || matched.empty()) {
    return make(check::kHostKey, CheckStatus::fail,
                "device presented " + ev.host_key_type + " key " + ev.host_key_fingerprint +
                    ", pinned " + pins_text(device.host_keys) +
                    ": possible device swap or interception; no credentials were sent");
  }
  return make(check::kHostKey, CheckStatus::pass, ev.host_key_type + " key " + ev.host_key_fingerprint + " matches " + matched);
}

Finding credential_finding(AttemptOrigin origin, const DeviceEvidence& ev, bool policy_known) {
  const bool defaults = origin == AttemptOrigin::factory_default;
  const char* id = defaults ? check::kDefaultCredentials : check::kRetiredCredentials;
  const char* what = defaults ? "factory-default" : "retired";
  if (ev.connect_error) return make(id, CheckStatus::skip, unreached(ev));
  if (!ev.host_key_matches_pin) return make(id, CheckStatus::skip, "not attempted: host key does not match the pin");
  if (defaults && !policy_known) {
    return make(id, CheckStatus::error, "golden DB has no default-credential policy for this profile");
  }
  std::vector<std::string> accepted, unchecked;
  int refused = 0;
  for (const auto& a : ev.attempts) {
    if (a.origin != origin) continue;
    if (a.outcome == AttemptOutcome::accepted) {
      // The detail says how, when it was not a plain login (partial success, "none" accepted).
      accepted.push_back(describe_attempt(a) + (a.detail.empty() ? "" : ": " + a.detail));
    }
    else if (a.outcome == AttemptOutcome::rejected) ++refused;
    else unchecked.push_back(describe_attempt(a) + ": " + a.detail);
  }
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : "; ") + x;
    return s;
  };
  if (!accepted.empty()) {
    return make(id, CheckStatus::fail, std::string(what) + " credential logs in: " + join(accepted));
  }
  if (!unchecked.empty()) {
    return make(id, CheckStatus::error, std::to_string(unchecked.size()) + " " + what +
                                            " candidate(s) not checked: " + join(unchecked));
  }
  // Nothing was tried, so nothing was proven: skip, never pass.
  if (refused == 0) {
    return make(id, CheckStatus::skip,
                defaults ? "golden DB lists no factory defaults for this profile"
                         : "secrets file lists no retired credentials");
  }
  return make(id, CheckStatus::pass, std::to_string(refused) + " " + what + " candidate(s) refused by the device");
}

// Cites the rule behind a credential finding: the DB policy whose factory
// defaults were tried, or the secrets file's retired list.
Finding check_credentials(AttemptOrigin origin, const DeviceEvidence& ev, const CredentialPolicy* policy) {
  Finding f = credential_finding(origin, ev, policy != nullptr);
  if (origin == AttemptOrigin::retired) f.rule = "secrets file: /retired";
  else if (policy) f.rule = policy->source;
  return f;
}

// The facts were read through older command forms: the finding says which.
Finding with_forms(Finding f, const std::vector<std::string>& notes) {
  for (const auto& note : notes) f.detail += " (" + note + ")";
  return f;
}

Finding check_identity(const Device& device, const DeviceFacts& facts) {
  std::vector<std::string> wrong;
  if (!same_ignoring_case(facts.model, device.model))
    wrong.push_back("model reads '" + facts.model + "', inventory expects '" + device.model + "'");
  if (!same_ignoring_case(facts.serial, device.serial))
    wrong.push_back("serial reads '" + facts.serial + "', inventory expects '" + device.serial + "'");
  if (wrong.empty()) {
    return make(check::kIdentity, CheckStatus::pass, "model " + facts.model + ", serial " + facts.serial);
  }
  std::string detail;
  for (const auto& w : wrong) detail += (detail.empty() ? "" : "; ") + w;
  return make(check::kIdentity, CheckStatus::fail, detail + ": wrong device in this position?");
}

DeviceAssessment assess_device(const Device& device, const Profile* profile, const DeviceEvidence& ev,
                               const GoldenDb& db, const TpmInputs& tpm) {
  DeviceAssessment out;
  out.findings.push_back(check_reachability(device, ev));
  out.findings.push_back(cite(check_host_key(device, ev), "inventory: " + device.json_pointer + "/host_key"));
  out.findings.push_back(check_ssh_posture(device, ev, db.find_posture(device.profile)));
  const auto policy = db.credentials.find(device.profile);
  const CredentialPolicy* credentials = policy == db.credentials.end() ? nullptr : &policy->second;
  if (auto snmp = check_snmp_posture(ev, credentials, db.find_posture(device.profile))) {
    out.findings.push_back(std::move(*snmp));
  }
  out.findings.push_back(
      merge_snmp_defaults(check_credentials(AttemptOrigin::factory_default, ev, credentials), ev, credentials));
  out.findings.push_back(check_credentials(AttemptOrigin::retired, ev, credentials));

  const bool usable_session = !ev.connect_error && ev.host_key_matches_pin;
  if (usable_session) out.facts = facts_from(profile, ev, &out.facts_error, &out.facts_forms);
  if (out.facts) {
    out.findings.push_back(cite(with_forms(check_identity(device, *out.facts), out.facts_forms),
                                "inventory: " + device.json_pointer));
    out.findings.push_back(check_firmware(device, *out.facts, db));
  } else {
    const CheckStatus s = usable_session ? CheckStatus::error : CheckStatus::skip;
    const std::string why = usable_session ? out.facts_error : "no trusted session with the device";
    out.findings.push_back(make(check::kIdentity, s, why));
    out.findings.push_back(make(check::kFirmwareVersion, s, why));
  }
  TpmAssessment tpm_result = check_tpm(device, ev, out.facts, tpm, db);
  for (auto& f : tpm_result.findings) out.findings.push_back(std::move(f));
  out.tpm_quote = std::move(tpm_result.quote);
  out.verdict = verdict_of(out.findings);
  return out;
}

}  // namespace attest
