#include "attest/engine/report_redfish.hpp"

namespace attest {
namespace {

using json = nlohmann::ordered_json;

json error_of(const std::optional<Error>& e) { return e ? json(e->message) : json(nullptr); }

template <typename T>
json optional_of(const std::optional<T>& v) { return v ? json(*v) : json(nullptr); }

json requests_json(const std::vector<RedfishRequest>& requests) {
  json out = json::array();
  for (const auto& r : requests) {
    out.push_back({{"method", r.method}, {"path", r.path}, {"status", r.status}, {"size", r.size},
                   {"sha256", r.sha256}, {"authenticated", r.authenticated}, {"error", error_of(r.error)}});
  }
  return out;
}

}  // namespace

json redfish_evidence_json(const RedfishEvidence& rf) {
  json firmware = json::array(), protocols = json::array(), accounts = json::array();
  for (const auto& c : rf.firmware) firmware.push_back({{"id", c.id}, {"name", c.name}, {"version", c.version}});
  for (const auto& p : rf.protocols) protocols.push_back({{"name", p.name}, {"enabled", optional_of(p.enabled)}, {"port", optional_of(p.port)}});
  for (const auto& a : rf.accounts) accounts.push_back({{"username", a.username}, {"enabled", a.enabled}});
  return json{{"redfish_version", rf.service_version},
              {"certificate", {{"subject", rf.tls_subject}, {"not_after", rf.tls_not_after}}},
              {"system", {{"manufacturer", rf.manufacturer}, {"model", rf.model}, {"serial", rf.serial},
                          {"bios_version", rf.bios_version}}},
              {"bmc_firmware", rf.bmc_firmware},
              {"firmware_inventory", firmware},
              {"firmware_error", error_of(rf.firmware_error)},
              {"network_protocol", protocols},
              {"network_protocol_error", error_of(rf.protocols_error)},
              {"accounts", accounts},
              {"accounts_error", error_of(rf.accounts_error)},
              {"lockout", {{"threshold", optional_of(rf.lockout.threshold)},
                           {"counter_reset_after_s", optional_of(rf.lockout.reset_after_s)},
                           {"duration_s", optional_of(rf.lockout.duration_s)},
                           {"read_unauthenticated", rf.lockout.read_unauthenticated},
                           {"error", error_of(rf.lockout.error)}}},
              {"probe_room", rf.probe_room},
              {"probe_room_reason", rf.probe_room_reason},
              {"not_probeable", rf.not_probeable},
              {"requests", requests_json(rf.requests)}};
}

}  // namespace attest
