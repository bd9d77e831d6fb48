// One Redfish device of a rack run: the collector's job planned from the
// inventory, secrets and DB, and the collection run beside the SSH event
// loop (a thread of its own; the fiber waits with ssh::pause_for), so a
// blocking HTTPS request never stalls the SSH devices of that loop.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <string>

#include "attest/core/evidence.hpp"
#include "attest/core/golden.hpp"
#include "attest/core/inventory.hpp"
#include "attest/core/secrets.hpp"
#include "attest/redfish/collector.hpp"

namespace attest {

using RedfishCollector = std::function<DeviceEvidence(const redfish::Job&)>;

// The job for `device`: the DB's literal and serial-derived defaults for its
// profile, the budget (device, else DB, else default) and the journal's
// earlier failures.
redfish::Job plan_redfish_job(const Device& device, const Secrets& secrets, const GoldenDb& db, int earlier_failures);

// Runs `collect(job)` on a thread of its own when called on a fiber (else
// right here). A cancelled run waits at most `grace` for it; the thread is
// then left to finish alone, its callbacks cut off, and the evidence says
// "interrupted".
DeviceEvidence collect_beside_loop(const RedfishCollector& collect, redfish::Job job, const std::atomic<bool>* cancel,
                                   Millis grace);

}  // namespace attest
