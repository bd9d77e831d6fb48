// One run of the whole gate against a lab of planted faults, shared by the
// test cases of this suite (starting the lab once keeps the suite fast).
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "attest/engine/run.hpp"

namespace attest::testing {

struct LabRun {
  std::string run_dir;
  std::map<std::string, DeviceResult> results;  // by device name
  nlohmann::json stats;                         // the lab's own counters
  Secrets secrets;
  double seconds = 0;                           // wall time of the gate run
};

// Starts the lab (first call only), runs every device, stops the lab.
const LabRun& lab_run();

}  // namespace attest::testing
