// `attest report merge`: a shard report's bytes are checked by signature
// only, so whoever holds the shard signing key controls every byte. One shard
// of a two-shard site is the fuzz input, the other is fixed: the merge either
// refuses (an input error) or gives a report whose summary counts its devices,
// each device once.
#include <set>

#include "attest/engine/report_merge.hpp"
#include "fuzz_support.hpp"
#include "../unit/engine/shard_site.hpp"

using namespace attest;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Inventory site = testing::site_inventory({4, 2, 0, 3, 1, 5});
  static const ShardReportInput first = testing::shard_input(testing::shard_run(site, ShardSpec{0, 2}), "shard-0.json");
  const std::string text(fuzz::text_of(data, size));
  auto merged = merge_shard_reports({first, ShardReportInput{"shard-1.json", text, sha256_hex(text), "k"}},
                                    MergeProvenance{"fuzz", "fuzz", ""});
  if (!merged) {
    FUZZ_CHECK(merged.error().kind == ErrorKind::input);
    return 0;
  }
  const auto& devices = merged->at("devices");
  const auto& summary = merged->at("summary");
  FUZZ_CHECK(summary.at("devices") == devices.size());
  FUZZ_CHECK(summary.at("pass").get<std::size_t>() + summary.at("fail").get<std::size_t>() +
                 summary.at("error").get<std::size_t>() == devices.size());
  std::set<std::string> names;
  for (const auto& d : devices) FUZZ_CHECK(names.insert(d.at("name").get<std::string>()).second);
  FUZZ_CHECK(names.size() == site.devices.size());
  return 0;
}
