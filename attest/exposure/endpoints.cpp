// Which endpoints a vantage probes, the datagrams its UDP probes send, and
// the management-acl finding. Pure.
#include <algorithm>

#include "attest/exposure/exposure.hpp"

namespace attest::exposure {
namespace {

void add(std::vector<Endpoint>& out, Endpoint e) {
  const bool seen = std::any_of(out.begin(), out.end(), [&](const Endpoint& x) {
    return x.protocol == e.protocol && x.port == e.port;
  });
  if (!seen) out.push_back(std::move(e));
}

std::string endpoint_text(const Endpoint& e) {
  return e.service + " " + (e.protocol == Protocol::udp ? "udp " : "") + std::to_string(e.port);
}

}  // namespace

std::vector<Endpoint> management_endpoints(const Device& device) {
  std::vector<Endpoint> out;
  add(out, {device.transport == Transport::redfish ? "https" : "ssh", Protocol::tcp, device.port});
  // The web UIs of BMCs, PDUs and console servers, and the plain-text CLI.
  add(out, {"telnet", Protocol::tcp, 23});
  add(out, {"http", Protocol::tcp, 80});
  add(out, {"https", Protocol::tcp, 443});
  add(out, {"snmp", Protocol::udp, device.snmp_port.value_or(161)});
  add(out, {"ipmi", Protocol::udp, 623});
  return out;
}

// SNMPv2c GetRequest for sysDescr.0 (1.3.6.1.2.1.1.1.0), community "public"
// (RFC 3416 PDU, RFC 1157/1901 message, BER): the well-known default, not a
// site secret. An agent configured with another community stays silent.
std::vector<std::uint8_t> snmp_get_sysdescr_public(std::uint32_t request_id) {
  std::vector<std::uint8_t> varbind = {0x30, 0x0c, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x02,
                                       0x01, 0x01, 0x01, 0x00, 0x05, 0x00};
  std::vector<std::uint8_t> pdu = {0x02, 0x04,
                                   static_cast<std::uint8_t>(request_id >> 24), static_cast<std::uint8_t>(request_id >> 16),
                                   static_cast<std::uint8_t>(request_id >> 8), static_cast<std::uint8_t>(request_id),
                                   0x02, 0x01, 0x00,   // error-status
                                   0x02, 0x01, 0x00,   // error-index
                                   0x30, 0x0e};        // variable-bindings
  pdu.insert(pdu.end(), varbind.begin(), varbind.end());
  std::vector<std::uint8_t> out = {0x30, 0x00, 0x02, 0x01, 0x01,  // version: 1 = v2c
                                   0x04, 0x06, 'p', 'u', 'b', 'l', 'i', 'c', 0xa0, static_cast<std::uint8_t>(pdu.size())};
  out.insert(out.end(), pdu.begin(), pdu.end());
  out[1] = static_cast<std::uint8_t>(out.size() - 2);
  return out;
}

// RMCP (ASF, DSP0136) + IPMI v1.5 session header with no authentication,
// then Get Channel Authentication Capabilities (IPMI 2.0, 22.13) for the
// current channel at Administrator level: what ipmitool sends first, before
// any user name or password.
std::vector<std::uint8_t> ipmi_get_channel_auth_capabilities() {
  return {0x06, 0x00, 0xff, 0x07,                           // RMCP: version, reserved, seq (no ack), class IPMI
          0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // auth type none, sequence 0, session 0
          0x09,                                             // message length
          0x20, 0x18, 0xc8,                                 // BMC address, netFn App, checksum
          0x81, 0x00, 0x38,                                 // remote console, seq, Get Channel Auth Capabilities
          0x8e, 0x04,                                       // current channel + IPMI v2.0 data, Administrator
          0xb5};                                            // checksum
}

const char* to_string(Reach reach) {
  switch (reach) {
    case Reach::reachable: return "reachable";
    case Reach::refused: return "refused";
    case Reach::filtered: return "filtered";
    case Reach::silent: return "silent";
    case Reach::no_route: return "no route";
    case Reach::error: return "error";
  }
  return "error";
}

Finding assess_exposure(const std::string& vantage, const std::vector<EndpointResult>& results) {
  std::string reachable, errors, closed;
  for (const auto& r : results) {
    const std::string what = endpoint_text(r.endpoint);
    if (r.reach == Reach::reachable) {
      reachable += (reachable.empty() ? "" : "; ") + what + " reachable from vantage " + vantage +
                   (r.detail.empty() ? "" : " (" + r.detail + ")");
    } else if (r.reach == Reach::error) {
      errors += (errors.empty() ? "" : "; ") + what + ": " + r.detail;
    } else {
      closed += (closed.empty() ? "" : ", ") + what + " " + to_string(r.reach);
    }
  }
  if (!reachable.empty()) return {check::kManagementAcl, CheckStatus::fail, reachable + ": ACL not enforced"};
  if (!errors.empty()) return {check::kManagementAcl, CheckStatus::error, "could not probe: " + errors};
  if (results.empty()) return {check::kManagementAcl, CheckStatus::error, "no management endpoint to probe"};
  return {check::kManagementAcl, CheckStatus::pass,
          "no management endpoint reachable from vantage " + vantage + ": " + closed};
}

}  // namespace attest::exposure
