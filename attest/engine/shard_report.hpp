// One shard report (`attest rack --shard I/N`) read back for `attest report
// merge`: the fields merge checks, validated, and the document itself for
// the parts merge copies verbatim. Pure: bytes in, a value or an error
// "<file>: <json-pointer>: <what>" out. The bytes are untrusted until the
// caller has verified their signature, and are parsed only after that.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "attest/engine/shard.hpp"
#include "attest/util/result.hpp"

namespace attest {

// A shard report whose signature the caller has verified.
struct ShardReportInput {
  std::string path;    // as given: names the file in every message
  std::string text;    // the exact bytes the signature covers
  std::string sha256;  // of `text`
  std::string key_id;  // the key its signature verified under
};

struct ShardDevice {
  std::string name;
  std::string rack;
  std::string verdict;  // pass, fail or error
};

struct ShardReport {
  ShardReportInput input;
  nlohmann::ordered_json doc;
  ShardRecord shard;
  std::string rule;
  std::string site;
  std::vector<std::string> racks;  // /racks/*/name, the racks this shard ran
  std::vector<ShardDevice> devices;
  std::string started, finished;
};

// Refuses a report that is not an attest.report/v1 shard report, is partial
// (interrupted), ran with an unsigned golden DB, is itself a merged report,
// or whose shard record, racks or devices are malformed. Duplicate members
// are refused too (as `attest gate` does).
[[nodiscard]] Result<ShardReport> read_shard_report(ShardReportInput input);

}  // namespace attest
