// The report's Redfish evidence (`evidence.redfish`, transport "redfish"
// only): the certificate, what the BMC declared and answered, and every
// request attest sent (method, path, status, digest; never a header).
#pragma once

#include <nlohmann/json.hpp>

#include "attest/core/redfish_evidence.hpp"

namespace attest {

nlohmann::ordered_json redfish_evidence_json(const RedfishEvidence& rf);

}  // namespace attest
