// Evaluators: pure functions of evidence + inventory + golden DB -> findings.
// No sockets, no clocks, no files: unit-testable from values in memory.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "attest/core/evidence.hpp"
#include "attest/core/finding.hpp"
#include "attest/core/golden.hpp"
#include "attest/core/inventory.hpp"
#include "attest/engine/tpm_checks.hpp"
#include "attest/profiles/profile.hpp"

namespace attest {

struct DeviceAssessment {
  std::optional<DeviceFacts> facts;  // parsed from the command outputs
  std::string facts_error;           // why facts are missing, if they are
  // Commands answered by an older form, or by none (see Profile::fallbacks).
  std::vector<std::string> facts_forms;
  std::vector<Finding> findings;     // one per check id, in a fixed order
  Verdict verdict = Verdict::error;
  std::optional<TpmQuoteEvidence> tpm_quote;  // TPM devices whose quote verified
};

// `profile` may be null (unknown profile): identity and firmware then error.
// TPM-equipped devices (device.tpm) also get the TPM findings from `tpm`.
DeviceAssessment assess_device(const Device& device, const Profile* profile, const DeviceEvidence& evidence,
                               const GoldenDb& db, const TpmInputs& tpm = {});

// The individual checks, exposed for tests.
Finding check_reachability(const Device& device, const DeviceEvidence& evidence);
Finding check_host_key(const Device& device, const DeviceEvidence& evidence);
Finding check_credentials(AttemptOrigin origin, const DeviceEvidence& evidence,
                          bool policy_known);
Finding check_identity(const Device& device, const DeviceFacts& facts);
Finding check_firmware(const Device& device, const DeviceFacts& facts, const GoldenDb& db);
// `version` against one policy (a model's, or one of its components'):
// blocked, approved, at least the minimum.
Finding check_version_policy(const FirmwarePolicy& policy, const std::string& version);

}  // namespace attest
