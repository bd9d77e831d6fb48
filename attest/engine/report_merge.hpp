// `attest report merge`: N shard reports (`attest rack --shard I/N`) joined
// into one site report of the same schema (attest.report/v1). Pure: verified
// report bytes in, the site report or the first reason to refuse out.
//
// Refused (an input error naming the file and the JSON pointer): a report
// that is not a complete shard report (shard_report.hpp), shards that differ
// in site, inventory digest, golden DB (manifest, key), enrollment file, tool
// build, shard count, rule or assignment; the same shard twice (overlap);
// racks or devices that do not match the recorded assignment; and missing
// shards, with the racks they hold.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "attest/engine/shard_report.hpp"
#include "attest/util/result.hpp"

namespace attest {

// Who merges: the merged report's operator, host and signing key claim.
struct MergeProvenance {
  std::string operator_name;
  std::string host;
  std::string report_key_id;  // empty: the merged report is not signed
};

// The site report: the shards' common tool, site, inventory, golden DB and
// enrollments; every rack and device in inventory order (device objects
// copied as the shards wrote them); summary recounted; warnings joined;
// `started` the earliest shard's start and `finished` the earliest shard's
// finish, so `attest gate --max-age` measures the oldest evidence; `shard`
// null and `shards` the record of each shard report (index, file, sha256,
// key id, who ran it where and when, its racks and device count).
[[nodiscard]] Result<nlohmann::ordered_json> merge_shard_reports(std::vector<ShardReportInput> shards,
                                                                 const MergeProvenance& provenance);

}  // namespace attest
