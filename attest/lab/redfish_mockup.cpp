#include "attest/lab/redfish_mockup.hpp"

#include <set>

#include "attest/lab/redfish_templates.hpp"
#include "attest/util/digest.hpp"

namespace attest::lab {
namespace {

using Json = nlohmann::ordered_json;
using Values = std::map<std::string, Json>;

// Default firmware versions are of the generation each mockup follows (see
// redfish-mockups/README.md); a device's facts override them.
constexpr MockupTraits kMockups[] = {
    {"idrac", "Dell Inc.", "System.Embedded.1", "iDRAC.Embedded.1", "RedfishService", 2, "2.1.5", "1.0.6",
     "22.31.6", "2.5.0"},
    {"ilo", "HPE", "1", "1", "iLO", 1, "U54 v2.16 (03/01/2024)", "0x0c", "20.28.41", "HPG4"},
    {"supermicro", "Supermicro", "1", "1", "Redfish", 2, "2.1", "F1.04.A0", "7.16.1", "GDC5902Q"},
    {"xcc", "Lenovo", "1", "1", "Lenovo XClarity Controller", 1, "ESE122T-3.10", "3.31", "22.36.1010",
     "SN03"},
    {"openbmc", "OpenBMC", "system", "bmc", "OpenBMC", 0, "v1.12.0", "1.2", "1.5.3", "1.0"},
};

constexpr std::string_view kSuffix = "/index.json";

// "idrac/Systems/1/index.json" -> "/redfish/v1/Systems/1"; "" for other files.
std::string resource_path(std::string_view file, std::string_view mockup) {
  if (file.substr(0, mockup.size() + 1) != std::string(mockup) + "/") return "";
  std::string_view rel = file.substr(mockup.size());  // "/Systems/1/index.json"
  if (rel == "/index.json") return "/redfish/v1";
  if (rel.size() <= kSuffix.size() || rel.substr(rel.size() - kSuffix.size()) != kSuffix) return "";
  return "/redfish/v1" + std::string(rel.substr(0, rel.size() - kSuffix.size()));
}

// A stable UUID per serial, so a device keeps its identity across starts.
std::string uuid_of(const std::string& serial) {
  const std::string h = sha256_hex("attest-lab redfish " + serial);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20, 12);
}

Values values_of(const DeviceSpec& d, const MockupTraits& t) {
  const Facts& f = d.facts;
  const RedfishSpec& r = *d.redfish;
  return {{"manufacturer", f.vendor.empty() ? std::string(t.manufacturer) : f.vendor},
          {"model", f.model},
          {"serial", f.serial},
          {"bmc_version", f.version},
          {"bios_version", f.get("bios_version", std::string(t.bios_version))},
          {"cpld_version", f.get("cpld_version", std::string(t.cpld_version))},
          {"nic_version", f.get("nic_version", std::string(t.nic_version))},
          {"drive_version", f.get("drive_version", std::string(t.drive_version))},
          {"hostname", f.hostname},
          {"uuid", uuid_of(f.serial)},
          {"system_id", std::string(t.system_id)},
          {"manager_id", std::string(t.manager_id)},
          {"lockout_threshold", r.lockout.threshold},
          {"lockout_duration_s", r.lockout.duration_s},
          {"lockout_reset_after_s", r.lockout.reset_after_s},
          {"ipmi_enabled", r.ipmi_enabled},
          {"telnet_enabled", r.telnet_enabled},
          {"ssdp_enabled", r.ssdp_enabled},
          {"http_enabled", r.http_enabled}};
}

// "{{name}}" as a whole string becomes the value itself (a number stays a
// number); inside a longer string it is replaced by the value's text.
Status substitute_string(Json& node, const Values& values, const std::string& file) {
  std::string text = node.get<std::string>();
  if (text.size() > 4 && text.starts_with("{{") && text.ends_with("}}") && text.find("{{", 2) == std::string::npos) {
    const auto it = values.find(text.substr(2, text.size() - 4));
    if (it == values.end()) return make_error(ErrorKind::internal, file + ": unknown placeholder " + text);
    node = it->second;
    return ok_status();
  }
  for (std::size_t at = text.find("{{"); at != std::string::npos; at = text.find("{{", at)) {
    const auto end = text.find("}}", at);
    const auto it = end == std::string::npos ? values.end() : values.find(text.substr(at + 2, end - at - 2));
    if (it == values.end()) return make_error(ErrorKind::internal, file + ": unknown placeholder in \"" + text + "\"");
    const std::string value = it->second.is_string() ? it->second.get<std::string>() : it->second.dump();
    text.replace(at, end + 2 - at, value);
    at += value.size();
  }
  node = text;
  return ok_status();
}

Status substitute(Json& node, const Values& values, const std::string& file) {
  if (node.is_string()) return substitute_string(node, values, file);
  if (!node.is_structured()) return ok_status();
  for (auto& child : node) {
    if (auto s = substitute(child, values, file); !s) return s;
  }
  return ok_status();
}

Result<Json> render(const TemplateFile& t, const Values& values) {
  const std::string file = "redfish-mockups/" + std::string(t.path);
  Json doc = Json::parse(t.text, nullptr, false);
  if (doc.is_discarded()) return make_error(ErrorKind::internal, file + ": not JSON");
  if (auto s = substitute(doc, values, file); !s) return s.error();
  return doc;
}

const TemplateFile* find_template(std::string_view path) {
  for (const auto& t : redfish_template_files()) {
    if (t.path == path) return &t;
  }
  return nullptr;
}

// Accounts/<id> members from "_account.json", and the collection's Members.
Status render_accounts(const DeviceSpec& d, const MockupTraits& t, Values values, MockupTree& tree) {
  const std::string file = std::string(t.name) + "/AccountService/Accounts/_account.json";
  const TemplateFile* member = find_template(file);
  if (member == nullptr) return make_error(ErrorKind::internal, "redfish-mockups/" + file + ": missing");
  Json members = Json::array();
  for (std::size_t i = 0; i < d.redfish->accounts.size(); ++i) {
    const RedfishAccount& a = d.redfish->accounts[i];
    const std::string path = account_path(t, i, a.username);
    values["account_id"] = path.substr(path.rfind('/') + 1);
    values["username"] = a.username;
    values["enabled"] = a.enabled;
    values["role"] = a.role;
    auto doc = render(*member, values);
    if (!doc) return doc.error();
    tree.resources[path] = std::move(*doc);
    members.push_back({{"@odata.id", path}});
  }
  auto collection = tree.resources.find("/redfish/v1/AccountService/Accounts");
  if (collection == tree.resources.end()) return make_error(ErrorKind::internal, std::string(t.name) + ": no Accounts collection");
  collection->second["Members@odata.count"] = members.size();
  collection->second["Members"] = members;
  return ok_status();
}

}  // namespace

const MockupTraits* find_mockup(std::string_view name) {
  for (const auto& m : kMockups) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::string mockup_names() {
  std::string out;
  for (const auto& m : kMockups) out += (out.empty() ? "" : ", ") + std::string(m.name);
  return out;
}

std::string account_path(const MockupTraits& traits, std::size_t index, const std::string& username) {
  const std::string base = "/redfish/v1/AccountService/Accounts/";
  if (traits.first_account_id == 0) return base + username;
  return base + std::to_string(static_cast<std::size_t>(traits.first_account_id) + index);
}

Result<MockupTree> render_mockup(const DeviceSpec& device) {
  MockupTree tree;
  tree.traits = device.redfish ? find_mockup(device.redfish->mockup) : nullptr;
  if (tree.traits == nullptr) return make_error(ErrorKind::internal, device.name + ": not a Redfish device with a known mockup");
  const Values values = values_of(device, *tree.traits);
  for (const auto& t : redfish_template_files()) {
    const std::string path = resource_path(t.path, tree.traits->name);
    if (path.empty()) continue;
    auto doc = render(t, values);
    if (!doc) return doc.error();
    tree.resources[path] = std::move(*doc);
  }
  if (auto s = render_accounts(device, *tree.traits, values, tree); !s) return s.error();
  return tree;
}

}  // namespace attest::lab
