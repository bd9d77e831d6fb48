// Judging the SNMP probes (pure): default communities that answer, and
// SNMPv1/v2c answering at all. Only for devices whose profile's DB policy
// declares SNMP; the others get nothing from here.
#pragma once

#include <optional>

#include "attest/core/evidence.hpp"
#include "attest/core/finding.hpp"
#include "attest/core/golden.hpp"

namespace attest {

// Folds the SNMP probes into the SSH default-credentials finding: fail when
// any community answered (the detail names the DB id and the community, both
// public defaults); error when a request could not be sent or was left
// beyond the budget; else the SSH verdict stands, with the SNMP count added.
// Unchanged when `policy` declares no SNMP.
Finding merge_snmp_defaults(Finding ssh_defaults, const DeviceEvidence& evidence, const CredentialPolicy* policy);

// service-posture for SNMP: nothing when the profile declares no SNMP;
// fail when v1/v2c answered and the posture policy forbids it; pass when
// nothing answered (or the policy allows it); error when the policy has no
// snmp rule, or no request could be judged. The rule is the posture
// policy's "file#/pointer/snmp".
std::optional<Finding> check_snmp_posture(const DeviceEvidence& evidence, const CredentialPolicy* credentials,
                                          const SshPosturePolicy* posture);

}  // namespace attest
