// Re-runs of a subset: `attest rack --device NAME...` and `--failed-from
// REPORT` (the devices an earlier, verified report blocked). Pure: from the
// inventory and the names (or the report's bytes) to the devices to check.
// The signature of the earlier report is the CLI's to verify, before this.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "attest/core/inventory.hpp"
#include "attest/util/result.hpp"

namespace attest {

// How a run chose its devices, recorded in the report ("selection").
struct SelectionRecord {
  std::string by = "all";  // "all", "rack", "shard", "device", "failed-from"
  std::string rack;        // by == "rack"
  std::vector<std::string> devices;  // by == "device" or "failed-from": the names asked for
  // by == "failed-from": the earlier report, as verified.
  std::string report_path, report_sha256, report_key_id;
};

// The devices of `inv` named in `names`, in inventory order (a name given
// twice counts once). A usage error naming the first unknown name.
[[nodiscard]] Result<std::vector<Device>> select_named(const Inventory& inv, const std::vector<std::string>& names);

// The names of the devices `report_text` (an attest.report/v1, already
// verified) blocked: verdict fail or error, in report order. Input errors
// (exit 2): not a report, duplicate members, a report for another site than
// `inv`'s, a blocked device the inventory does not list, nothing blocked.
[[nodiscard]] Result<std::vector<std::string>> blocked_in_report(std::string_view report_text,
                                                                 const std::string& report_path, const Inventory& inv);

}  // namespace attest
