#include "attest/engine/report_ssh.hpp"

#include "attest/snmp/probe.hpp"

namespace attest {
namespace {

using json = nlohmann::ordered_json;

// Banner and names come from the device: printable ASCII only, capped, so
// the report stays valid UTF-8 whatever the collector was handed.
std::string printable(std::string_view raw, std::size_t cap = 1024) {
  std::string out;
  for (char c : raw.substr(0, cap)) out.push_back(c >= 0x20 && c <= 0x7e ? c : '?');
  return out;
}

json names(const std::vector<std::string>& list) {
  json out = json::array();
  for (const auto& n : list) out.push_back(printable(n, 64));
  return out;
}

// KexInitLists and NegotiatedAlgorithms name their classes alike: one
// shape for both, `value` turning a member into JSON.
template <typename T, typename F>
json by_class(const T& v, F&& value) {
  return json{{"kex", value(v.kex)},
              {"host_key", value(v.host_key)},
              {"cipher_c2s", value(v.cipher_c2s)},
              {"cipher_s2c", value(v.cipher_s2c)},
              {"mac_c2s", value(v.mac_c2s)},
              {"mac_s2c", value(v.mac_s2c)},
              {"compression_c2s", value(v.compression_c2s)},
              {"compression_s2c", value(v.compression_s2c)}};
}

json offered_json(const std::optional<KexInitLists>& k) {
  if (!k) return nullptr;
  json out = by_class(*k, [](const std::vector<std::string>& list) { return names(list); });
  out["first_kex_packet_follows"] = k->first_kex_packet_follows;
  return out;
}

json negotiated_json(const std::optional<NegotiatedAlgorithms>& n) {
  if (!n) return nullptr;
  return by_class(*n, [](const std::string& name) { return json(printable(name)); });
}

const char* to_string(PortState s) {
  switch (s) {
    case PortState::open: return "open";
    case PortState::closed: return "closed";
    case PortState::filtered: return "filtered";
    case PortState::error: return "error";
  }
  return "error";
}

}  // namespace

json ssh_evidence_json(const SshServerPosture& ssh) {
  return json{{"banner", printable(ssh.banner, 255)},
              {"offered", offered_json(ssh.offered)},
              {"negotiated", negotiated_json(ssh.negotiated)},
              {"host_key", {{"type", printable(ssh.host_key_type)}, {"bits", ssh.host_key_bits}}},
              {"login_methods", names(ssh.login_methods)},
              {"refused_by_policy", printable(ssh.refused_by_policy)}};
}

json exposure_json(const std::vector<PortProbe>& probes) {
  json out = json::array();
  for (const auto& p : probes) {
    out.push_back(json{{"service", printable(p.service)}, {"port", p.port}, {"state", to_string(p.state)},
                       {"detail", printable(p.detail)}});
  }
  return out;
}

json snmp_json(const std::vector<SnmpProbe>& probes) {
  json out = json::array();
  for (const auto& p : probes) {
    out.push_back(json{{"community_id", p.community_id},
                       {"community", p.community},
                       {"version", snmp::to_string(p.version)},
                       {"port", p.port},
                       {"outcome", snmp::to_string(p.outcome)},
                       {"sys_descr", p.sys_descr},
                       {"detail", printable(p.detail)},
                       {"elapsed_ms", p.elapsed_ms}});
  }
  return out;
}

}  // namespace attest
