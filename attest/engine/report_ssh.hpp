// The report's SSH posture evidence (`evidence.ssh`, `evidence.exposure`):
// what the server showed before any credential, and the closed-service probes.
#pragma once

#include <nlohmann/json.hpp>

#include "attest/core/evidence.hpp"

namespace attest {

// {"banner", "offered" (null or the KEXINIT lists), "negotiated" (null or the
// set), "host_key": {"type", "bits"}, "login_methods", "refused_by_policy"}.
// Device-sent text is reduced to printable ASCII.
nlohmann::ordered_json ssh_evidence_json(const SshServerPosture& ssh);

// [{"service", "port", "state": "open"|"closed"|"filtered"|"error", "detail"}].
nlohmann::ordered_json exposure_json(const std::vector<PortProbe>& probes);

}  // namespace attest
