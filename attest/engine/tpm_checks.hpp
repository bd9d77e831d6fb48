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
#include "attest/profiles/profile.hpp"
#include "attest/tpm/enroll/enrollments.hpp"

namespace attest {

// The exec commands that collect a TPM device's evidence, nonce included.
std::vector<std::string> tpm_commands(const TpmSettings& tpm, const Bytes& nonce);

struct TpmInputs {
  Bytes nonce;                                     // fresh, single use, sent in the quote command
  const tpm::EnrollmentRecord* enrolled = nullptr;  // null: not enrolled
};

// Three findings, in the order tpm-enrollment, tpm-quote, measured-boot.
// `facts` (model and firmware version read over SSH) select the golden boot policy.
std::vector<Finding> check_tpm(const Device& device, const DeviceEvidence& evidence,
                               const std::optional<DeviceFacts>& facts, const TpmInputs& inputs, const GoldenDb& db);

}  // namespace attest
