// A small site for the shard and merge tests: racks of given sizes, devices
// whose verdicts follow their names, and the shard reports `attest rack
// --shard I/N` would write for it (report_to_json of the selected devices).
#pragma once

#include <string>
#include <vector>

#include "attest/engine/report.hpp"
#include "attest/engine/shard.hpp"
#include "attest/engine/shard_report.hpp"
#include "attest/util/digest.hpp"

namespace attest::testing {

// Racks "r1", "r2", ... with `sizes[i]` devices each ("r1-d1", ...).
inline Inventory site_inventory(const std::vector<int>& sizes) {
  Inventory inv;
  inv.path = "site.json";
  inv.site = "dc1";
  for (std::size_t r = 0; r < sizes.size(); ++r) {
    const std::string rack = "r" + std::to_string(r + 1);
    inv.racks.push_back(Rack{rack, 42});
    for (int d = 1; d <= sizes[r]; ++d) {
      Device device;
      device.name = rack + "-d" + std::to_string(d);
      device.rack = rack;
      device.position_u = d;
      device.profile = "arista-eos";
      inv.devices.push_back(device);
    }
  }
  return inv;
}

// Every third device fails its firmware check, the others pass.
inline DeviceResult judged(const Device& d, std::size_t i) {
  DeviceResult r;
  r.device = d;
  const bool fails = i % 3 == 2;
  r.assessment.verdict = fails ? Verdict::fail : Verdict::pass;
  r.assessment.findings = {Finding{"host-key", CheckStatus::pass, "matches its pin", ""},
                           Finding{"firmware-version", fails ? CheckStatus::fail : CheckStatus::pass,
                                   fails ? "4.1 is blocked" : "approved", "firmware/arista.json#/models/0"}};
  return r;
}

inline RunReport site_run(const Inventory& inv, const std::vector<Device>& devices, const std::vector<Rack>& racks) {
  RunReport report;
  report.tool_version = "0.1.0";
  report.site = inv.site;
  report.inventory_path = inv.path;
  report.inventory_sha256 = std::string(64, 'a');
  report.db_dir = "db";
  report.provenance.db = sign::DbTrust{true, std::string(64, 'd'), std::string(64, 'k'), "2026-11-18T08:00:00.000Z", 15};
  report.provenance.report_key_id = std::string(64, 'r');
  report.racks = racks;
  report.started = "2026-11-18T08:20:00.000Z";
  report.finished = "2026-11-18T08:26:40.000Z";
  for (const auto& d : devices) {
    std::size_t i = 0;
    while (inv.devices[i].name != d.name) ++i;
    report.devices.push_back(judged(d, i));
  }
  return report;
}

inline RunReport unsharded_run(const Inventory& inv) { return site_run(inv, inv.devices, inv.racks); }

inline RunReport shard_run(const Inventory& inv, ShardSpec spec) {
  const ShardSelection s = select_shard(inv, spec).value();
  RunReport report = site_run(inv, s.devices, s.racks);
  report.shard = s.record;
  return report;
}

inline ShardReportInput shard_input(const RunReport& report, const std::string& path) {
  const std::string text = report_text(report_to_json(report));
  return ShardReportInput{path, text, sha256_hex(text), std::string(64, 'r')};
}

// All N shard reports of `inv`, as shard-I/report.json.
inline std::vector<ShardReportInput> all_shards(const Inventory& inv, int count) {
  std::vector<ShardReportInput> out;
  for (int i = 0; i < count; ++i)
    out.push_back(shard_input(shard_run(inv, ShardSpec{i, count}), "shard-" + std::to_string(i) + "/report.json"));
  return out;
}

}  // namespace attest::testing
