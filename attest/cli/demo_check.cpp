#include "attest/cli/demo_check.hpp"

#include "attest/util/json_members.hpp"

namespace attest::cli {

Result<DemoExpectations> parse_demo_expectations(std::string_view json_text, const std::string& path) {
  const auto j = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object() || !j.contains("planted") || !j["planted"].is_object()) {
    return make_error(ErrorKind::input, path + ": /planted: must be an object of device name -> check id");
  }
  if (auto unique = check_unique_members(json_text, path); !unique) return unique.error();
  DemoExpectations out;
  for (const auto& [name, check_id] : j["planted"].items()) {
    if (!check_id.is_string()) return make_error(ErrorKind::input, path + ": /planted/" + name + ": must be a check id");
    out.planted[name] = check_id.get<std::string>();
  }
  return out;
}

std::vector<std::string> demo_mismatches(const DemoExpectations& expected, const std::vector<DeviceResult>& results) {
  std::vector<std::string> out;
  std::size_t seen_planted = 0;
  for (const auto& r : results) {
    const auto it = expected.planted.find(r.device.name);
    const bool blocked = r.assessment.verdict != Verdict::pass;
    if (it == expected.planted.end()) {
      if (blocked) out.push_back(r.device.name + ": expected to pass, was " + to_string(r.assessment.verdict));
      continue;
    }
    ++seen_planted;
    bool found = false;
    for (const auto& f : r.assessment.findings)
      found |= f.check == it->second && (f.status == CheckStatus::fail || f.status == CheckStatus::error);
    if (!blocked || !found) {
      out.push_back(r.device.name + ": expected to be blocked by " + it->second + ", was " +
                    to_string(r.assessment.verdict) + (found ? "" : " without that finding"));
    }
  }
  if (seen_planted != expected.planted.size()) out.push_back("some planted devices are not in the inventory");
  return out;
}

namespace {

int device_stat(const nlohmann::json& stats, const std::string& device, const char* counter) {
  if (!stats.contains("devices") || !stats["devices"].contains(device)) return 0;
  return stats["devices"][device].value(counter, 0);
}

// What the budget bounds, as the device counts it. SSH: every request.
// Redfish: every request carries credentials, so the lab counts each one;
// the lockout (and the budget) count the refused ones.
int budgeted_requests(const nlohmann::json& stats, const DeviceResult& r) {
  const std::string& name = r.device.name;
  const int sent = device_stat(stats, name, "auth_attempts");
  return r.device.transport == Transport::redfish ? sent - device_stat(stats, name, "auth_accepted") : sent;
}

}  // namespace

std::vector<std::string> budget_violations(const nlohmann::json& before, const nlohmann::json& after,
                                           const std::vector<DeviceResult>& results) {
  std::vector<std::string> out;
  if (!after.contains("devices") || !after["devices"].is_object()) {
    out.push_back("lab stats have no devices");
    return out;
  }
  for (const auto& r : results) {
    const int attempts = budgeted_requests(after, r) - budgeted_requests(before, r);
    if (attempts > r.evidence.attempt_budget) {
      const char* what = r.device.transport == Transport::redfish ? " refused logins" : " auth attempts";
      out.push_back(r.device.name + ": lab counted " + std::to_string(attempts) + what + ", budget " +
                    std::to_string(r.evidence.attempt_budget));
    }
  }
  return out;
}

}  // namespace attest::cli
