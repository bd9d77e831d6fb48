#include "attest/engine/tpm_checks.hpp"

#include <algorithm>

#include "attest/tpm/eventlog/boot_policy.hpp"
#include "attest/tpm/quote/agent_quote.hpp"
#include "attest/tpm/quote/public_key.hpp"

namespace attest {
namespace {

constexpr const char* kEventLogCommand = "cat /sys/kernel/security/tpm0/binary_bios_measurements";

Finding make(const char* id, CheckStatus status, std::string detail, std::string rule = {}) {
  return Finding{id, status, std::move(detail), std::move(rule)};
}

const CommandRecord* record_for(const DeviceEvidence& ev, const std::string& command) {
  for (const auto& c : ev.commands)
    if (c.command == command) return &c;
  return nullptr;
}

std::span<const std::uint8_t> bytes_of(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string short_hex(const Bytes& b) { return to_hex(b).substr(0, 16); }

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

struct QuoteOutcome {
  Finding finding;
  std::optional<tpm::VerifiedQuote> verified;
};

Result<tpm::VerifiedQuote> verify(const tpm::AgentQuote& q, const Device& device, const TpmInputs& in) {
  const tpm::EnrollmentRecord& e = *in.enrolled;
  if (q.ak_public != e.ak_public) {
    return make_error(ErrorKind::crypto, "quote signed by AK " + short_hex(q.ak_name) + "..., enrolled AK is " +
                                             short_hex(e.ak_name) + "...: not the enrolled TPM (device swapped?)");
  }
  auto ak = tpm::public_key_from_tpm2b_public(e.ak_public);
  if (!ak) return ak.error();
  auto selection = tpm::parse_pcr_selection(device.tpm->pcr_selection);
  if (!selection) return selection.error();
  tpm::QuotePolicy policy;
  policy.nonce = in.nonce;
  policy.required = *selection;
  policy.min_reset_count = e.reset_count;
  policy.min_restart_count = e.restart_count;
  return tpm::verify_quote(q.message, q.signature, q.pcrs, ak->get(), policy);
}

QuoteOutcome check_quote(const Device& device, const DeviceEvidence& ev, const TpmInputs& in, const std::string& cmd) {
  const CommandRecord* rec = record_for(ev, cmd);
  if (!rec || rec->error) {
    const std::string why = rec ? rec->error->message : "the quote command was not run";
    return {make(check::kTpmQuote, CheckStatus::error, "no quote: " + why), std::nullopt};
  }
  if (!in.enrolled) return {make(check::kTpmQuote, CheckStatus::fail, "no enrolled AK to verify the quote with"), {}};
  auto q = tpm::parse_agent_quote_json(rec->output);
  if (!q) return {make(check::kTpmQuote, CheckStatus::error, "quote not understood: " + q.error().message), {}};
  auto verified = verify(*q, device, in);
  if (!verified) return {make(check::kTpmQuote, CheckStatus::fail, verified.error().message), std::nullopt};
  std::string detail = "quote verified (" + tpm::sig_alg_name(verified->sig_alg) + ") over " +
                       device.tpm->pcr_selection + " with the fresh nonce; resetCount " +
                       std::to_string(verified->reset_count);
  if (verified->rebooted) {
    detail += "; rebooted since enrollment (resetCount was " + std::to_string(in.enrolled->reset_count) + ")";
  }
  return {make(check::kTpmQuote, CheckStatus::pass, detail), std::move(verified).value()};
}

Finding check_boot(const Device& device, const DeviceEvidence& ev, const std::optional<DeviceFacts>& facts,
                   const std::optional<tpm::VerifiedQuote>& verified, const GoldenDb& db) {
  if (!verified) return make(check::kMeasuredBoot, CheckStatus::skip, "no verified quote to compare the event log with");
  const CommandRecord* rec = record_for(ev, kEventLogCommand);
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

}  // namespace

std::vector<std::string> tpm_commands(const TpmSettings& tpm, const Bytes& nonce) {
  return {"attest agent quote --nonce " + to_hex(nonce) + " --pcrs " + tpm.pcr_selection + " --alg " + tpm.ak_alg,
          kEventLogCommand};
}

std::vector<Finding> check_tpm(const Device& device, const DeviceEvidence& ev, const std::optional<DeviceFacts>& facts,
                               const TpmInputs& in, const GoldenDb& db) {
  std::vector<Finding> out;
  if (!device.tpm) return out;
  out.push_back(check_enrollment(device, in.enrolled));
  if (ev.connect_error || !ev.host_key_matches_pin || ev.login_error) {
    out.push_back(make(check::kTpmQuote, CheckStatus::skip, "no trusted session with the device"));
    out.push_back(make(check::kMeasuredBoot, CheckStatus::skip, "no trusted session with the device"));
    return out;
  }
  QuoteOutcome quote = check_quote(device, ev, in, tpm_commands(*device.tpm, in.nonce).front());
  out.push_back(quote.finding);
  out.push_back(check_boot(device, ev, facts, quote.verified, db));
  return out;
}

}  // namespace attest
