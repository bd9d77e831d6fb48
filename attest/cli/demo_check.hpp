// What `attest demo` promises: the gate blocked exactly the planted devices,
// each for its planted reason, passed the rest, and never went over a
// device's attempt budget. Pure: compares results with expectations.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "attest/engine/run.hpp"

namespace attest::cli {

struct DemoExpectations {
  std::map<std::string, std::string> planted;  // device name -> check id that must block it
};

Result<DemoExpectations> parse_demo_expectations(std::string_view json_text, const std::string& path);

// One line per broken promise; empty when the demo behaved as planted.
std::vector<std::string> demo_mismatches(const DemoExpectations& expected, const std::vector<DeviceResult>& results);

// One line per device whose lab-side auth attempt count during the gate run
// (`after` minus `before`, the lab's counters around it) exceeded its budget.
std::vector<std::string> budget_violations(const nlohmann::json& before, const nlohmann::json& after,
                                           const std::vector<DeviceResult>& results);

}  // namespace attest::cli
