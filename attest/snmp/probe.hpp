// SNMP default-community probes through net-snmp (libsnmp): one GET of
// sysDescr.0 per community and version, each under its own deadline, no
// retries. Never judges (engine/snmp_check does); never sends a community
// the golden DB does not list as a public default.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "attest/core/evidence.hpp"
#include "attest/core/golden.hpp"
#include "attest/core/inventory.hpp"
#include "attest/util/clock.hpp"

namespace attest::snmp {

struct Target {
  std::string community_id;
  std::string community;
  SnmpVersion version = SnmpVersion::v2c;
};

struct ProbeRequest {
  std::string address;  // numeric, as the inventory has it
  std::uint16_t port = 161;
  std::vector<Target> targets;  // in order; those past `budget` are not sent
  int budget = 0;               // requests sent at most
  Millis deadline{5000};        // per request
  const std::atomic<bool>* cancel = nullptr;  // set: the remaining requests are not sent
};

// The requests for one device: each community in DB order, v2c before v1
// (the version every agent speaks first), the inventory's port before the DB's.
ProbeRequest plan_probe(const Device& device, const SnmpPolicy& policy);

// Sends the requests one after another. On a fiber of an ssh::Reactor every
// wait suspends the fiber; elsewhere it blocks the thread. One result per
// target, in order. Safe to call from several threads at once.
std::vector<SnmpProbe> probe(const ProbeRequest& request);

const char* to_string(SnmpVersion version);
const char* to_string(SnmpOutcome outcome);

}  // namespace attest::snmp
