#include "attest/engine/tpm_checks.hpp"

#include <openssl/rand.h>

#include "attest/integrity/golden_check.hpp"
#include "attest/tpm/eventlog/boot_policy.hpp"

namespace attest {
namespace {

Finding make(const char* id, CheckStatus status, std::string detail, std::string rule = {}) {
  return Finding{id, status, std::move(detail), std::move(rule)};
}

const CommandRecord* record_for(const DeviceEvidence& ev, const std::string& command) {
  if (command.empty()) return nullptr;
  for (const auto& c : ev.commands)
    if (c.command == command) return &c;
  return nullptr;
}

std::span<const std::uint8_t> bytes_of(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string short_hex(const Bytes& b) { return to_hex(b).substr(0, 16); }

const char* form_text(QuoteForm form) { return form == QuoteForm::agent ? "attest agent" : "stock tpm2_quote"; }

Finding check_enrollment(const Device& device, const tpm::EnrollmentRecord* enrolled) {
  if (!enrolled) {
    return make(check::kTpmEnrollment, CheckStatus::fail,
                "no enrollment record for this device: run `attest enroll` (a TPM never enrolled proves nothing)");
  }
  if (enrolled->serial != device.serial) {
    return make(check::kTpmEnrollment, CheckStatus::fail,
                "enrolled as serial '" + enrolled->serial + "', inventory expects '" + device.serial + "'");
  }
  return make(check::kTpmEnrollment, CheckStatus::pass,
              "enrolled " + enrolled->enrolled_at + ": EK certificate " + enrolled->ek_certificate_sha256.substr(0, 16) +
                  "... issued by " + enrolled->ek_certificate_issuer + ", AK " + short_hex(enrolled->ak_name) + "...");
}

Result<tpm::VerifiedQuote> verify(const CollectedQuote& q, const Device& device, const TpmInputs& in) {
  const tpm::EnrollmentRecord& e = *in.enrolled;
  auto selection = tpm::parse_pcr_selection(device.tpm->pcr_selection);
  if (!selection) return selection.error();
  tpm::QuotePolicy policy;
  policy.nonce = in.nonce;
  policy.required = *selection;
  policy.min_reset_count = e.reset_count;
  policy.min_restart_count = e.restart_count;
  return verify_collected_quote(q, ExpectedAk{e.ak_public, e.ak_name}, std::move(policy));
}

std::string verified_detail(const Device& device, const tpm::VerifiedQuote& v, const TpmInputs& in) {
  std::string detail = std::string("quote verified (") + form_text(device.tpm->quote_with) + ", " +
                       tpm::sig_alg_name(v.sig_alg) + ") over " + device.tpm->pcr_selection +
                       " with the fresh nonce; resetCount " + std::to_string(v.reset_count);
  if (v.rebooted) {
    detail += "; rebooted since enrollment (resetCount was " + std::to_string(in.enrolled->reset_count) + ")";
  }
  return detail;
}

struct QuoteOutcome {
  Finding finding;
  std::optional<tpm::VerifiedQuote> verified;
};

QuoteOutcome check_quote(const Device& device, const DeviceEvidence& ev, const TpmInputs& in) {
  const CommandRecord* rec = record_for(ev, in.commands.quote);
  if (!rec || rec->error) {
    const std::string why = rec                       ? rec->error->message
                            : in.commands.quote.empty() ? "no fresh nonce to quote with"
                                                        : "the quote command was not run";
    return {make(check::kTpmQuote, CheckStatus::error, "no quote: " + why), std::nullopt};
  }
  if (!in.enrolled) return {make(check::kTpmQuote, CheckStatus::fail, "no enrolled AK to verify the quote with"), {}};
  const std::string form = std::string(" (quoted with ") + form_text(device.tpm->quote_with) + ")";
  auto q = parse_quote_output(device.tpm->quote_with, rec->output);
  if (!q) return {make(check::kTpmQuote, CheckStatus::error, "quote not understood: " + q.error().message + form), {}};
  auto verified = verify(*q, device, in);
  if (!verified) {
    // Bytes that do not parse are "not understood"; everything else is a verdict.
    const CheckStatus status = verified.error().kind == ErrorKind::parse ? CheckStatus::error : CheckStatus::fail;
    return {make(check::kTpmQuote, status, verified.error().message + form), std::nullopt};
  }
  return {make(check::kTpmQuote, CheckStatus::pass, verified_detail(device, *verified, in)),
          std::move(verified).value()};
}

Finding check_boot(const Device& device, const DeviceEvidence& ev, const std::optional<DeviceFacts>& facts,
                   const std::optional<tpm::VerifiedQuote>& verified, const TpmInputs& in, const GoldenDb& db) {
  if (!verified) return make(check::kMeasuredBoot, CheckStatus::skip, "no verified quote to compare the event log with");
  if (in.commands.event_log.empty()) {
    return make(check::kMeasuredBoot, CheckStatus::error,
                "no event log: no safe location known for profile '" + device.profile + "' (set tpm.event_log_path)");
  }
  const CommandRecord* rec = record_for(ev, in.commands.event_log);
  if (!rec || rec->error) {
    return make(check::kMeasuredBoot, CheckStatus::error,
                "no event log: " + (rec ? rec->error->message : std::string("not collected")));
  }
  if (!facts) return make(check::kMeasuredBoot, CheckStatus::error, "model and firmware version unknown");
  auto selection = tpm::parse_pcr_selection(device.tpm->pcr_selection);
  if (!selection) return make(check::kMeasuredBoot, CheckStatus::error, selection.error().message);
  return tpm::check_measured_boot(bytes_of(rec->output), verified->pcrs, *selection, db, facts->model,
                                  facts->version);
}

Result<std::string> output_of(const DeviceEvidence& ev, const std::string& command) {
  const CommandRecord* rec = record_for(ev, command);
  if (!rec) return make_error(ErrorKind::internal, "'" + command + "' was not run");
  if (rec->error) return make_error(rec->error->kind, "'" + command + "': " + rec->error->message);
  return rec->output;
}

Finding check_switch(const DeviceEvidence& ev, const SwitchIntegrityRequest& req, const GoldenDb& db) {
  if (ev.connect_error || !ev.host_key_matches_pin || ev.login_error)
    return make(check::kMeasuredBoot, CheckStatus::skip, "no trusted session with the device");
  integrity::SwitchIntegrityInputs in;
  in.integrity_output = output_of(ev, req.integrity_command);
  in.sudi_output = output_of(ev, req.sudi_command);
  in.nonce = req.nonce;
  in.trusted_roots_der = db.sudi_roots_der;
  return integrity::check_switch_integrity(in, db);
}

}  // namespace

std::optional<SwitchIntegrityRequest> switch_integrity_request(const Device& device, const GoldenDb& db) {
  if (device.tpm || device.profile != "cisco-iosxe" || !db.wants_integrity(device.model)) return std::nullopt;
  std::uint8_t bytes[8];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return std::nullopt;
  std::uint64_t nonce = 0;
  for (std::uint8_t b : bytes) nonce = (nonce << 8) | b;
  nonce |= 1;  // never 0: a switch signs nonce 0 as no nonce
  const std::string n = std::to_string(nonce);
  return SwitchIntegrityRequest{nonce, "show platform integrity sign nonce " + n, "show platform sudi certificate sign nonce " + n};
}

TpmAssessment check_tpm(const Device& device, const DeviceEvidence& ev, const std::optional<DeviceFacts>& facts,
                        const TpmInputs& in, const GoldenDb& db) {
  TpmAssessment out;
  if (in.switch_integrity) out.findings.push_back(check_switch(ev, *in.switch_integrity, db));
  if (!device.tpm) return out;
  out.findings.push_back(check_enrollment(device, in.enrolled));
  if (ev.connect_error || !ev.host_key_matches_pin || ev.login_error) {
    out.findings.push_back(make(check::kTpmQuote, CheckStatus::skip, "no trusted session with the device"));
    out.findings.push_back(make(check::kMeasuredBoot, CheckStatus::skip, "no trusted session with the device"));
    return out;
  }
  QuoteOutcome quote = check_quote(device, ev, in);
  out.findings.push_back(quote.finding);
  out.findings.push_back(check_boot(device, ev, facts, quote.verified, in, db));
  if (quote.verified) out.quote = TpmQuoteEvidence{device.tpm->quote_with, std::move(*quote.verified)};
  return out;
}

}  // namespace attest
