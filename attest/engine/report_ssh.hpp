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

// [{"community_id", "community", "version": "v1"|"v2c", "port", "outcome":
// "answered"|"timeout"|"error"|"not-tried", "sys_descr", "detail", "elapsed_ms"}].
// Communities are the DB's public defaults; sysDescr is already sanitised and capped.
nlohmann::ordered_json snmp_json(const std::vector<SnmpProbe>& probes);

}  // namespace attest
