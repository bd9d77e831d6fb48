// Evaluators for devices collected over Redfish (transport "redfish"):
// pure functions of DeviceEvidence::redfish + inventory + golden DB, under
// the same check ids as SSH devices where the meaning is the same, and
// service-posture for what the BMC's management services expose.
#pragma once

#include "attest/core/evidence.hpp"
#include "attest/core/finding.hpp"
#include "attest/core/golden.hpp"
#include "attest/core/inventory.hpp"
#include "attest/engine/evaluate.hpp"

namespace attest {

Finding check_tls_reachability(const Device& device, const DeviceEvidence& ev);
// The TLS certificate against its pin; a mismatch fails (nothing was sent).
Finding check_tls_pin(const Device& device, const DeviceEvidence& ev);
// fail naming the default that logged in; error when a candidate was not
// tried (lockout room, budget) or the attempt broke; pass when all refused.
Finding check_redfish_defaults(const DeviceEvidence& ev, const CredentialPolicy* policy);
// Systems/{id} Model and SerialNumber against the inventory.
Finding check_redfish_identity(const Device& device, const DeviceEvidence& ev);
// Each component of the model's policy against the FirmwareInventory
// member(s) it matches; members no component matches are named.
Finding check_redfish_firmware(const Device& device, const DeviceEvidence& ev, const GoldenDb& db);
// ManagerNetworkProtocol and Accounts against the posture policy's
// "redfish" block.
Finding check_redfish_posture(const DeviceEvidence& ev, const SshPosturePolicy* policy);

DeviceAssessment assess_redfish_device(const Device& device, const DeviceEvidence& ev, const GoldenDb& db);

}  // namespace attest
