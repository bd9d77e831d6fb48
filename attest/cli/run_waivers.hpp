// `attest rack --waivers F --waivers-pubkey K`: the waivers file read once,
// its detached signature (F.sig, Ed25519, like report.json.sig) checked,
// its content validated against the inventory, and split into the waivers in
// force for this run and the others with why not.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "attest/core/inventory.hpp"
#include "attest/engine/run.hpp"
#include "attest/util/result.hpp"

namespace attest::cli {

struct RunWaivers {
  WaiversRecord record;        // for the report: every waiver, and why some do not apply
  std::vector<Waiver> active;  // what the run applies
  std::vector<std::string> warnings;
};

// An unsigned file (no F.sig) applies no waiver: a warning, and each waiver
// is recorded as not applied. A signature that does not verify, a file that
// does not parse or names what the inventory lacks: an error (exit 2).
[[nodiscard]] Result<RunWaivers> load_run_waivers(const std::string& path, const std::string& pubkey,
                                                  const Inventory& inventory, std::int64_t now);

}  // namespace attest::cli
