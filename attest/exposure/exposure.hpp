// Management-plane exposure from a vantage point (`attest exposure`): from a
// network that must not reach the management plane, is any management
// endpoint of a device reachable? Probes never send a credential or a login
// attempt: a TCP handshake that completes (and, for SSH, the banner) means
// reachable; a UDP service counts only when it answers a request that
// carries no secret (an SNMPv2c GET with the public default community, an
// IPMI Get Channel Authentication Capabilities).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "attest/core/finding.hpp"
#include "attest/core/inventory.hpp"
#include "attest/util/clock.hpp"
#include "attest/util/result.hpp"

namespace attest::exposure {

enum class Protocol { tcp, udp };

struct Endpoint {
  std::string service;  // "ssh", "telnet", "http", "https", "snmp", "ipmi"
  Protocol protocol = Protocol::tcp;
  std::uint16_t port = 0;

  friend bool operator==(const Endpoint&, const Endpoint&) = default;
};

// What a probe saw. Only `reachable` fails the device.
enum class Reach {
  reachable,  // TCP handshake completed, or the UDP service answered
  refused,    // TCP RST, or ICMP port unreachable for UDP
  filtered,   // no answer to the SYN within the deadline
  silent,     // UDP: nothing came back within the deadline
  no_route,   // the kernel has no route from this vantage (ENETUNREACH, EHOSTUNREACH)
  error,      // the probe could not be made (bad address, local failure)
};

struct EndpointResult {
  Endpoint endpoint;
  Reach reach = Reach::error;
  std::string detail;          // "RST after 1 ms", "SSH-2.0-OpenSSH_9.2p1 banner", ...
  std::string source_address;  // the local address the kernel used, if a socket got one
  int elapsed_ms = 0;
};

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

// The datagrams the UDP probes send (exposed for tests).
std::vector<std::uint8_t> snmp_get_sysdescr_public(std::uint32_t request_id);
std::vector<std::uint8_t> ipmi_get_channel_auth_capabilities();

const char* to_string(Reach reach);

// The management-acl finding of one device: fail naming every reachable
// endpoint, pass when none is, error when an endpoint could not be probed.
Finding assess_exposure(const std::string& vantage, const std::vector<EndpointResult>& results);

}  // namespace attest::exposure
