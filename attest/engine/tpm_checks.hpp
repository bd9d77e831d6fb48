// The TPM checks of one device, pure: from the collected quote and event log,
// the device's enrollment record, the nonce we sent and the golden DB, to the
// findings tpm-enrollment, tpm-quote and measured-boot.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "attest/core/evidence.hpp"
#include "attest/core/finding.hpp"
#include "attest/core/golden.hpp"
#include "attest/core/inventory.hpp"
#include "attest/engine/tpm_collect.hpp"
#include "attest/profiles/profile.hpp"
#include "attest/tpm/enroll/enrollments.hpp"

namespace attest {

// A switch that signs its boot integrity with its TPM-backed SUDI key (Cisco
// IOS-XE): asked when the golden DB lists its model (firmware-db/integrity).
struct SwitchIntegrityRequest {
  std::uint64_t nonce = 0;  // fresh, non-zero, sent in both commands
  std::string integrity_command;
  std::string sudi_command;
};

struct TpmInputs {
  Bytes nonce;           // fresh, single use, sent in the quote command
  TpmCommands commands;  // tpm_commands(device, nonce): what was sent, to find the outputs
  const tpm::EnrollmentRecord* enrolled = nullptr;  // null: not enrolled
  std::optional<SwitchIntegrityRequest> switch_integrity{};
};

// The request for `device` when its profile and model ask for signed switch
// integrity evidence, with a fresh nonce (nullopt otherwise, or when the
// CSPRNG fails: no evidence is then asked and measured-boot errors).
std::optional<SwitchIntegrityRequest> switch_integrity_request(const Device& device, const GoldenDb& db);

// A quote that verified, as the report shows it.
struct TpmQuoteEvidence {
  QuoteForm form = QuoteForm::agent;
  tpm::VerifiedQuote verified;
};

struct TpmAssessment {
  // Three findings, in the order tpm-enrollment, tpm-quote, measured-boot
  // (none for a device without a TPM).
  std::vector<Finding> findings;
  std::optional<TpmQuoteEvidence> quote;  // set when tpm-quote passed
};

// `facts` (model and firmware version read over SSH) select the golden boot
// policy. A switch with a SwitchIntegrityRequest gets one measured-boot
// finding from its signed integrity evidence instead.
TpmAssessment check_tpm(const Device& device, const DeviceEvidence& evidence, const std::optional<DeviceFacts>& facts,
                        const TpmInputs& inputs, const GoldenDb& db);

}  // namespace attest
