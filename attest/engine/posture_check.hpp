// The ssh-posture check: what the device's SSH server offered before any
// credential (banner, KEXINIT, host key, auth methods, must-be-closed
// services) against the golden DB's posture policy. Pure.
#pragma once

#include "attest/core/evidence.hpp"
#include "attest/core/finding.hpp"
#include "attest/core/golden.hpp"
#include "attest/core/inventory.hpp"

namespace attest {

// skip when no SSH banner was seen (device not reached); error when the
// banner came but no KEXINIT, a must-be-closed service could not be probed,
// or `policy` is null; fail naming every violation; pass naming the
// negotiated set. The rule is the policy's "file#/pointer".
Finding check_ssh_posture(const Device& device, const DeviceEvidence& evidence, const SshPosturePolicy* policy);

}  // namespace attest
