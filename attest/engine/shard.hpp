// `attest rack --shard I/N`: a site split into N runs by whole racks. Pure:
// from the inventory and I/N to the racks and devices of shard I.
//
// The rule ("balanced-racks/v1"): racks sorted by device count, largest
// first, ties by name (bytewise); each goes to the shard with the fewest
// devices so far, ties to the lowest index. It depends only on the racks'
// names and device counts, so every machine computes the same split, and
// reordering the inventory changes nothing. Shards differ by at most the
// largest rack's device count. Every device is in a rack (the inventory
// nests devices in racks), so a rack is the unit: never split.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attest/core/inventory.hpp"
#include "attest/util/result.hpp"

namespace attest {

inline constexpr const char* kShardRule = "balanced-racks/v1";
inline constexpr int kMaxShards = 10000;

// Shard `index` of `count`, 0-based (Kubernetes' JOB_COMPLETION_INDEX is).
struct ShardSpec {
  int index = 0;
  int count = 1;
};

// "I/N" with 0 <= I < N <= kMaxShards, decimal digits only; a usage error
// that quotes the text and says what is wrong otherwise.
[[nodiscard]] Result<ShardSpec> parse_shard_spec(std::string_view text);

// One rack of the inventory and the shard it belongs to.
struct RackShare {
  std::string rack;
  std::size_t devices = 0;
  int shard = 0;
};

// The whole split, recorded in every shard report so `attest report merge`
// can check coverage (and name the racks of a missing shard) on its own.
struct ShardRecord {
  ShardSpec spec;
  std::vector<RackShare> assignment;  // every rack, in inventory order
};

// Every rack of `inv` assigned to one of `count` shards (rule above).
std::vector<RackShare> assign_racks(const Inventory& inv, int count);

// What one shard runs: its racks and devices, both in inventory order.
struct ShardSelection {
  std::vector<Rack> racks;
  std::vector<Device> devices;
  ShardRecord record;
};

// A usage error when there are fewer racks with devices than shards: some
// shard would check nothing (and could not tell that from a lost run).
[[nodiscard]] Result<ShardSelection> select_shard(const Inventory& inv, ShardSpec spec);

}  // namespace attest
