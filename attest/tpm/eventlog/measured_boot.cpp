// check_measured_boot: does the event log explain the quoted PCRs, and is
// what it measured golden? Each step returns a Finding when it stops the
// check, nullopt when it passes.
#include <algorithm>

#include "attest/tpm/eventlog/boot_policy.hpp"
#include "attest/tpm/eventlog/le_bytes.hpp"
#include "attest/tpm/eventlog/uefi.hpp"

namespace attest::tpm {
namespace {

using Outcome = std::optional<Finding>;

Finding finding(CheckStatus status, std::string detail, std::string rule = "") {
  return Finding{check::kMeasuredBoot, status, std::move(detail), std::move(rule)};
}

const Bytes* pcr_value(const PcrValues& values, std::uint16_t alg, unsigned pcr) {
  const auto bank = values.find(alg);
  if (bank == values.end()) return nullptr;
  const auto it = bank->second.find(pcr);
  return it == bank->second.end() ? nullptr : &it->second;
}

std::string last_event_text(const EventLog& log, unsigned pcr) {
  const auto index = last_event_extending(log, pcr);
  if (!index) return "no event extends PCR" + std::to_string(pcr);
  return "last event extending it: " + std::to_string(*index) + " " + event_type_name(log.events[*index - 1].type);
}

// The policy's PCRs must be quoted, and the log must carry their banks.
Outcome check_coverage(const EventLog& log, const PcrSelection& selection, const PcrSelection& required,
                       const BootPolicy& policy) {
  const std::string why = ", which the golden boot policy requires (pcr_selection '" + policy.pcr_selection + "')";
  const std::string rule = policy.source + "/pcr_selection";
  for (const auto& [alg, pcrs] : required) {
    if (log.algorithms.count(alg) == 0) {
      return finding(CheckStatus::fail, "the event log has no " + bank_name(alg) + " bank" + why, rule);
    }
    const auto quoted = selection.find(alg);
    for (const unsigned pcr : pcrs) {
      if (quoted == selection.end() || quoted->second.count(pcr) == 0) {
        return finding(CheckStatus::fail,
                       "the quote does not cover " + bank_name(alg) + " PCR" + std::to_string(pcr) + why, rule);
      }
    }
  }
  return std::nullopt;
}

// Step 1: every quoted PCR, in the banks the log has, equals its replay.
Outcome check_replay(const EventLog& log, const PcrValues& quoted, const PcrSelection& selection) {
  auto problem = replay_mismatch(log, quoted, selection);
  if (!problem) return std::nullopt;
  return finding(problem->missing_quote ? CheckStatus::error : CheckStatus::fail, std::move(problem->what));
}

bool contains(const std::vector<std::string>& set, const std::string& value) {
  return std::find(set.begin(), set.end(), value) != set.end();
}

std::string event_text(const Event& e) {
  return "PCR" + std::to_string(e.pcr) + " event " + std::to_string(e.index) + " " + event_type_name(e.type);
}

// Step 1b: the event data this check reads is what was measured.
Outcome check_interpreted_data(const EventLog& log) {
  auto problem = altered_event_data(log);
  if (!problem) return std::nullopt;
  return finding(CheckStatus::fail, std::move(*problem));
}

// The golden digest lists for the log's golden bank, with their rule names.
struct GoldenDigests {
  const std::vector<std::string>& firmware;
  const std::vector<std::string>& applications;
  std::string firmware_key, applications_key;
};

GoldenDigests golden_digests(const EventLog& log, const BootPolicy& policy) {
  if (golden_bank(log) == kAlgSha1) {
    return {policy.sha1_platform_firmware_digests, policy.sha1_boot_application_digests,
            "sha1_platform_firmware_digests", "sha1_boot_application_digests"};
  }
  return {policy.platform_firmware_digests, policy.boot_application_digests, "platform_firmware_digests",
          "boot_application_digests"};
}

// Step 2: CRTM versions, firmware blobs and boot applications are golden.
Outcome check_event_golden(const EventLog& log, const Event& e, const BootPolicy& policy) {
  const std::uint16_t bank = golden_bank(log);
  const auto digest = e.digests.find(bank);
  const std::string hex = digest == e.digests.end() ? "" : to_hex(digest->second);
  const GoldenDigests golden = golden_digests(log, policy);
  const auto not_golden = [&](const std::string& key) {
    return finding(CheckStatus::fail,
                   event_text(e) + ": " + bank_name(bank) + " digest " + hex + " is not in the golden set",
                   policy.source + "/" + key);
  };
  if (e.type == kEvSCrtmVersion) {
    const std::string version = decode_firmware_string(e.data);
    if (contains(policy.crtm_versions, version)) return std::nullopt;
    return finding(CheckStatus::fail, event_text(e) + ": CRTM version '" + version + "' is not in the golden set",
                   policy.source + "/crtm_versions");
  }
  if (is_firmware_blob_event(e.type) && !contains(golden.firmware, hex)) return not_golden(golden.firmware_key);
  if (e.type == kEvEfiBootServicesApplication && !contains(golden.applications, hex)) {
    return not_golden(golden.applications_key);
  }
  return std::nullopt;
}

Outcome check_golden_events(const EventLog& log, const BootPolicy& policy) {
  if (log.algorithms.count(golden_bank(log)) == 0) {
    return finding(CheckStatus::fail, "the event log has no sha256 bank: golden boot digests are sha256",
                   policy.source);
  }
  for (const auto& e : log.events)
    if (auto out = check_event_golden(log, e, policy)) return out;
  return std::nullopt;
}

// SHA1-only evidence: a collision-prone hash, accepted unless the policy refuses it.
Outcome check_log_format(const EventLog& log, const BootPolicy& policy) {
  if (log.format != EventLogFormat::sha1_only || !policy.sha1_only_log_refused) return std::nullopt;
  return finding(CheckStatus::fail,
                 "the event log is SHA1-only (TPM 1.2 format) and the golden boot policy refuses SHA1-only evidence",
                 policy.source + "/sha1_only_log");
}

// Step 3: Secure Boot.
Outcome check_secure_boot(const BootFacts& facts, const BootPolicy& policy) {
  if (!policy.secure_boot_required || facts.secure_boot == true) return std::nullopt;
  const std::string state = facts.secure_boot ? "Secure Boot is off (SecureBoot variable = 0)"
                                              : "Secure Boot state is not measured (no SecureBoot variable in the log)";
  return finding(CheckStatus::fail, state + " but policy requires it", policy.source + "/secure_boot");
}

// Step 4: exact PCR values the policy pins.
Outcome check_expected_pcrs(const PcrValues& quoted, const BootPolicy& policy) {
  for (const auto& [bank, pcrs] : policy.expected_pcrs) {
    const auto alg = hash_alg_from_name(bank);
    for (const auto& [pcr, hex] : pcrs) {
      const std::string rule = policy.source + "/expected_pcrs/" + bank + "/" + std::to_string(pcr);
      const std::string name = bank + " PCR" + std::to_string(pcr);
      const Bytes* q = alg ? pcr_value(quoted, *alg, pcr) : nullptr;
      if (q == nullptr) {
        return finding(CheckStatus::fail,
                       "the golden boot policy expects " + name + " but the quote does not include it", rule);
      }
      if (to_hex(*q) != hex) {
        return finding(CheckStatus::fail, "quoted " + name + " = " + to_hex(*q) + ", golden expected value = " + hex,
                       rule);
      }
    }
  }
  return std::nullopt;
}

// The warning of an accepted SHA1-only log, and what the parser tolerated.
std::string pass_notes(const EventLog& log) {
  std::string out;
  if (log.format == EventLogFormat::sha1_only) {
    out += "; WARNING: SHA1-only event log (TPM 1.2 format), accepted by the golden boot policy (sha1 is "
           "collision-prone; set sha1_only_log to \"refused\" to require a crypto-agile log)";
  }
  for (const auto& note : log.notes) out += "; note: " + note;
  return out;
}

std::string pass_detail(const EventLog& log, const PcrSelection& checked, const BootFacts& facts) {
  std::string crtm;
  for (const auto& v : facts.crtm_versions) crtm += (crtm.empty() ? "'" : ", '") + v + "'";
  return "event log (" + std::to_string(log.events.size()) + " events) replays to the quoted PCRs " +
         to_string(checked) + "; golden: CRTM " + (crtm.empty() ? "none" : crtm) + ", " +
         std::to_string(facts.firmware_blob_digests.size()) + " firmware blob(s), " +
         std::to_string(facts.boot_application_digests.size()) + " boot application(s); Secure Boot " +
         (facts.secure_boot == true ? "on"
          : facts.secure_boot       ? "off"
                                    : "not measured") +
         pass_notes(log);
}

}  // namespace

std::optional<ReplayMismatch> replay_mismatch(const EventLog& log, const PcrValues& quoted,
                                              const PcrSelection& selection) {
  const PcrValues replayed = replay(log);
  for (const auto& [alg, pcrs] : selection) {
    if (replayed.count(alg) == 0) continue;
    for (const unsigned pcr : pcrs) {
      const std::string name = bank_name(alg) + " PCR" + std::to_string(pcr);
      const Bytes* q = pcr_value(quoted, alg, pcr);
      if (q == nullptr) return ReplayMismatch{"the quote has no value for " + name, true};
      const Bytes* r = pcr_value(replayed, alg, pcr);
      const Bytes expected = r ? *r : Bytes(hash_alg_size(alg), 0);
      if (expected == *q) continue;
      return ReplayMismatch{"replay of event log gives " + name + " = " + to_hex(expected) + ", quoted " + name +
                                " = " + to_hex(*q) + " (" + last_event_text(log, pcr) +
                                "): the log does not match the quote",
                            false};
    }
  }
  return std::nullopt;
}

// For these types the digest in every bank is the hash of the event data
// (PFP 10.4.1); data is not covered by replay, so a log could keep the
// measured digests, claim other contents (Secure Boot on, a golden CRTM
// version) and still reproduce the quote.
std::optional<std::string> altered_event_data(const EventLog& log) {
  for (const auto& e : log.events) {
    if (e.type != kEvSCrtmVersion && e.type != kEvEfiVariableDriverConfig) continue;
    for (const auto& [alg, digest] : e.digests) {
      if (hash_alg_size(alg) == 0 || hash_with(alg, detail::as_text(e.data)) == digest) continue;
      return event_text(e) + ": event data does not match its " + bank_name(alg) +
             " digest (the data was altered after it was measured)";
    }
  }
  return std::nullopt;
}

Finding check_measured_boot(const EventLog& log, const PcrValues& quoted, const PcrSelection& selection,
                            const BootPolicy* policy) {
  if (policy == nullptr) return finding(CheckStatus::fail, "no golden boot policy for this model and firmware version");
  auto required = parse_pcr_selection(policy->pcr_selection);
  if (!required) return finding(CheckStatus::error, "golden boot policy: " + required.error().message, policy->source);
  const auto quirked = apply_exit_boot_services_quirk(log, quoted, selection);
  const EventLog& checked = quirked ? quirked->log : log;
  const BootFacts facts = extract_boot_facts(checked);
  Outcome out = check_log_format(checked, *policy);
  if (!out) out = check_coverage(checked, selection, *required, *policy);
  if (!out) out = check_replay(checked, quoted, selection);
  if (!out) out = check_interpreted_data(checked);
  if (!out) out = check_golden_events(checked, *policy);
  if (!out) out = check_secure_boot(facts, *policy);
  if (!out) out = check_expected_pcrs(quoted, *policy);
  if (out) return *out;
  return finding(CheckStatus::pass, pass_detail(checked, selection, facts), policy->source);
}

Finding check_measured_boot(std::span<const std::uint8_t> log_bytes, const PcrValues& quoted,
                            const PcrSelection& selection, const BootPolicy* policy) {
  auto log = parse_event_log(log_bytes);
  if (!log) return finding(CheckStatus::error, "event log not understood: " + log.error().message);
  return check_measured_boot(*log, quoted, selection, policy);
}

Finding check_measured_boot(std::span<const std::uint8_t> log_bytes, const PcrValues& quoted,
                            const PcrSelection& selection, const GoldenDb& db, const std::string& model,
                            const std::string& firmware_version) {
  const BootPolicy* policy = db.find_boot(model, firmware_version);
  if (policy == nullptr) {
    return finding(CheckStatus::fail, "no golden boot policy for model " + model + " firmware " + firmware_version);
  }
  return check_measured_boot(log_bytes, quoted, selection, policy);
}

}  // namespace attest::tpm
