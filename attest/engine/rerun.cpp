#include "attest/engine/rerun.hpp"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "attest/engine/report.hpp"
#include "attest/util/json_members.hpp"

namespace attest {
namespace {

Error refused(const std::string& path, const std::string& why) {
  return make_error(ErrorKind::input, path + ": " + why + "; refusing --failed-from");
}

bool is_blocked(const nlohmann::json& verdict) {
  return verdict.is_string() && (verdict == "fail" || verdict == "error");
}

}  // namespace

Result<std::vector<Device>> select_named(const Inventory& inv, const std::vector<std::string>& names) {
  const std::set<std::string> wanted(names.begin(), names.end());
  for (const auto& name : names) {
    const bool known = std::any_of(inv.devices.begin(), inv.devices.end(), [&](const Device& d) { return d.name == name; });
    if (!known) return make_error(ErrorKind::usage, inv.path + ": no device named '" + name + "' (--device)");
  }
  std::vector<Device> out;
  for (const auto& d : inv.devices)
    if (wanted.count(d.name) != 0) out.push_back(d);
  return out;
}

Result<std::vector<std::string>> blocked_in_report(std::string_view report_text, const std::string& report_path,
                                                   const Inventory& inv) {
  const auto doc = nlohmann::json::parse(report_text, nullptr, false);
  if (!doc.is_object() || doc.value("schema", nlohmann::json()) != kReportSchema) {
    return refused(report_path, std::string("not an ") + kReportSchema + " report");
  }
  if (auto unique = check_unique_members(report_text, report_path); !unique) return unique.error();
  const auto site = doc.value("site", nlohmann::json());
  if (!site.is_string() || site.get<std::string>() != inv.site) {
    return refused(report_path, "/site: " + (site.is_string() ? "'" + site.get<std::string>() + "'" : "missing") +
                                    " is not the site of " + inv.path + " ('" + inv.site + "')");
  }
  const auto devices = doc.value("devices", nlohmann::json());
  if (!devices.is_array()) return refused(report_path, "/devices: missing or not an array");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < devices.size(); ++i) {
    const auto& d = devices[i];
    const std::string at = "/devices/" + std::to_string(i);
    if (!d.is_object() || !d.contains("name") || !d["name"].is_string()) return refused(report_path, at + ": no name");
    if (!is_blocked(d.value("verdict", nlohmann::json()))) continue;
    const std::string name = d["name"].get<std::string>();
    if (std::none_of(inv.devices.begin(), inv.devices.end(), [&](const Device& x) { return x.name == name; })) {
      return refused(report_path, at + ": blocked device '" + name + "' is not in " + inv.path);
    }
    out.push_back(name);
  }
  if (out.empty()) {
    return make_error(ErrorKind::usage, report_path + ": no device was blocked (fail or error): nothing to re-check");
  }
  return out;
}

}  // namespace attest
