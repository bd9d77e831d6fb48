// Management-plane exposure from a vantage point (`attest exposure`): from a
// network that must not reach the management plane, is any management
// endpoint of a device reachable? Probes never send a credential or a login
// attempt: a TCP handshake that completes (and, for SSH, the banner) means
// reachable; a UDP service counts only when it answers a request that
// carries no secret (an SNMPv2c GET with the public default community, an
// IPMI Get Channel Authentication Capabilities).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "attest/core/evidence.hpp"
#include "attest/core/finding.hpp"
#include "attest/core/inventory.hpp"
#include "attest/util/clock.hpp"
#include "attest/util/result.hpp"

namespace attest::exposure {

using Protocol = VantageProtocol;
using Reach = VantageReach;
using Endpoint = VantageEndpoint;
using EndpointResult = VantageProbe;

// The management endpoints of `device`: its inventory port (SSH, or HTTPS
// for Redfish), then telnet 23, HTTP 80, HTTPS 443, SNMP UDP 161 (or the
// device's snmp_port) and IPMI UDP 623, each once.
std::vector<Endpoint> management_endpoints(const Device& device);

struct ProbeOptions {
  Millis connect_timeout{2000};  // per TCP handshake
  Millis udp_timeout{1500};      // per UDP request
  std::optional<std::string> source_address;  // bind every probe to this local address
};

// One endpoint, blocking until its deadline at most.
EndpointResult probe_endpoint(const std::string& address, const Endpoint& endpoint, const ProbeOptions& options);

// Fails (ErrorKind::usage) when `address` is not one of this host's addresses.
Status check_source_address(const std::string& address);

struct SweepOptions {
  ProbeOptions probe;
  double probes_per_second = 200;  // across all workers; 0: no cap
  std::size_t workers = 32;        // at most 32
  const std::atomic<bool>* cancel = nullptr;  // set: the remaining endpoints are not probed
  // Called as each device finishes (never two at once): device index, its results.
  std::function<void(std::size_t, const std::vector<EndpointResult>&)> done;
};

// Every management endpoint of every device, results in device order and,
// per device, in management_endpoints order.
std::vector<std::vector<EndpointResult>> probe_devices(const std::vector<Device>& devices, const SweepOptions& options);

// The interface that holds `address` on this host ("eth1"), or "".
std::string interface_of(const std::string& address);

// The datagrams the UDP probes send (exposed for tests).
std::vector<std::uint8_t> snmp_get_sysdescr_public(std::uint32_t request_id);
std::vector<std::uint8_t> ipmi_get_channel_auth_capabilities();

const char* to_string(Reach reach);

// The management-acl finding of one device: fail naming every reachable
// endpoint, pass when none is, error when an endpoint could not be probed.
Finding assess_exposure(const std::string& vantage, const std::vector<EndpointResult>& results);

}  // namespace attest::exposure
