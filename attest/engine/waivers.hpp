// Applying signed waivers to a device's findings. Pure: the waivers, the
// device, its findings and the time in; waived findings and the ledger of
// what applied out.
//
// A waiver accepts a finding when it names the device (or the device's rack)
// and the finding's check, its match holds (`rule`: the finding's rule as the
// report shows it, `detail`: the whole detail, exactly), the finding failed
// (an error means nothing was judged: never waived) and the waiver is in
// force: approved before the run and not yet expired. Checks in
// check::kNeverWaived are never waived, whatever the file says.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "attest/core/inventory.hpp"
#include "attest/core/waiver.hpp"
#include "attest/engine/evaluate.hpp"

namespace attest {

// The waivers that may apply at `now`; the others, and why not.
struct WaiversInForce {
  std::vector<Waiver> active;
  struct Inactive {
    Waiver waiver;
    std::string reason;  // "expired at ...", "approved only at ..."
  };
  std::vector<Inactive> inactive;
};
WaiversInForce waivers_in_force(const WaiverFile& file, std::int64_t now);

// Marks every failed finding an active waiver accepts as waived (naming the
// waiver, the detail kept) and recomputes the verdict. Rules are compared as
// the report shows them (db_relative_rule with `db_dir`). Returns how many.
std::size_t apply_waivers(DeviceAssessment& assessment, const Device& device, const std::vector<Waiver>& active,
                          const std::string& db_dir);

}  // namespace attest
