#include "attest/redfish/resources.hpp"

#include <algorithm>

#include "attest/util/text.hpp"

namespace attest::redfish {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxText = 256;  // code points of one value kept

// Nesting depth outside strings; refused before nlohmann recurses into it.
bool nesting_within(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > limit) return false;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}

std::optional<int> int_of(const json& o, std::string_view key) {
  const auto it = o.find(key);
  if (it == o.end() || !it->is_number_integer()) return std::nullopt;
  const auto v = it->get<std::int64_t>();
  if (v < 0 || v > 100000000) return std::nullopt;
  return static_cast<int>(v);
}

std::optional<bool> bool_of(const json& o, std::string_view key) {
  const auto it = o.find(key);
  if (it == o.end() || !it->is_boolean()) return std::nullopt;
  return it->get<bool>();
}

bool safe_path(std::string_view p) {
  if (p.rfind("/redfish/v1", 0) != 0 || p.size() > 512 || p.find("..") != std::string_view::npos) return false;
  return std::all_of(p.begin(), p.end(), [](char c) { return c > ' ' && c < 0x7f && c != '#' && c != '?'; });
}

}  // namespace

Result<json> parse_resource(std::string_view body, std::string_view content_type, const std::string& label) {
  const auto first = body.find_first_not_of(" \t\r\n");
  const bool html = content_type.find("html") != std::string_view::npos ||
                    (first != std::string_view::npos && body[first] == '<');
  if (html) return make_error(ErrorKind::parse, label + ": the BMC answered HTML, not Redfish JSON");
  if (!nesting_within(body, kMaxDepth)) {
    return make_error(ErrorKind::parse, label + ": JSON nested deeper than " + std::to_string(kMaxDepth) + "; refused");
  }
  json parsed = json::parse(body, nullptr, false);
  if (parsed.is_discarded()) {
    return make_error(ErrorKind::parse, label + ": not valid JSON (truncated or malformed, " +
                                            std::to_string(body.size()) + " bytes)");
  }
  if (!parsed.is_object()) return make_error(ErrorKind::parse, label + ": JSON is not an object");
  return parsed;
}

std::string text_of(const json& o, std::string_view key) {
  const auto it = o.find(key);
  if (it == o.end() || !it->is_string()) return "";
  return truncate_code_points(terminal_text(it->get_ref<const std::string&>()), kMaxText);
}

std::string odata_id(const json& l) {
  if (!l.is_object()) return "";
  const auto it = l.find("@odata.id");
  if (it == l.end() || !it->is_string()) return "";
  const auto& p = it->get_ref<const std::string&>();
  return safe_path(p) ? p : "";
}

std::string link(const json& resource, std::string_view key) {
  const auto it = resource.find(key);
  return it == resource.end() ? "" : odata_id(*it);
}

ServiceRoot read_service_root(const json& root) {
  ServiceRoot r;
  r.redfish_version = text_of(root, "RedfishVersion");
  if (auto s = link(root, "Systems"); !s.empty()) r.systems = s;
  if (auto s = link(root, "Managers"); !s.empty()) r.managers = s;
  if (auto s = link(root, "AccountService"); !s.empty()) r.account_service = s;
  if (auto s = link(root, "UpdateService"); !s.empty()) r.update_service = s;
  const auto links = root.find("Links");
  if (links != root.end() && links->is_object()) {
    if (auto s = link(*links, "Sessions"); !s.empty()) r.sessions = s;
  }
  return r;
}

std::vector<std::string> collection_members(const json& c) {
  std::vector<std::string> out;
  const auto it = c.find("Members");
  if (it == c.end() || !it->is_array()) return out;
  for (const auto& m : *it) {
    if (out.size() >= kMaxMembers) break;
    if (auto id = odata_id(m); !id.empty()) out.push_back(std::move(id));
  }
  return out;
}

RedfishLockout read_lockout(const json& a) {
  RedfishLockout l;
  l.threshold = int_of(a, "AccountLockoutThreshold");
  l.reset_after_s = int_of(a, "AccountLockoutCounterResetAfter");
  l.duration_s = int_of(a, "AccountLockoutDuration");
  return l;
}

SystemFacts read_system(const json& s) {
  return {text_of(s, "Manufacturer"), text_of(s, "Model"), text_of(s, "SerialNumber"), text_of(s, "BiosVersion")};
}

RedfishComponent read_component(const json& m) {
  return {text_of(m, "Id"), text_of(m, "Name"), text_of(m, "Version")};
}

// The protocol objects of ManagerNetworkProtocol that carry ProtocolEnabled
// (HTTP, HTTPS, IPMI, SSH, SNMP, SSDP, Telnet, KVMIP, VirtualMedia, NTP...).
std::vector<RedfishProtocol> read_protocols(const json& np) {
  std::vector<RedfishProtocol> out;
  for (const auto& [name, value] : np.items()) {
    if (!value.is_object() || !value.contains("ProtocolEnabled") || out.size() >= kMaxMembers) continue;
    RedfishProtocol p;
    p.name = truncate_code_points(terminal_text(name), 64);
    p.enabled = bool_of(value, "ProtocolEnabled");
    p.port = int_of(value, "Port");
    out.push_back(std::move(p));
  }
  return out;
}

RedfishAccount read_account(const json& a) {
  // Enabled unstated: assume on (fail closed).
  return {text_of(a, "UserName"), bool_of(a, "Enabled").value_or(true)};
}

}  // namespace attest::redfish
