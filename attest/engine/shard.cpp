#include "attest/engine/shard.hpp"

#include <algorithm>
#include <map>
#include <numeric>

namespace attest {
namespace {

// Decimal digits only (no sign, no space, no "0x"), at most 9 so the value fits.
std::optional<int> whole_number(std::string_view s) {
  if (s.empty() || s.size() > 9) return std::nullopt;
  int value = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

Error shard_usage(std::string_view text, const std::string& what) {
  return make_error(ErrorKind::usage, "--shard '" + std::string(text) + "': " + what);
}

std::map<std::string, std::size_t> devices_per_rack(const Inventory& inv) {
  std::map<std::string, std::size_t> count;
  for (const auto& r : inv.racks) count[r.name] = 0;
  for (const auto& d : inv.devices)
    if (const auto it = count.find(d.rack); it != count.end()) ++it->second;
  return count;
}

}  // namespace

Result<ShardSpec> parse_shard_spec(std::string_view text) {
  const auto slash = text.find('/');
  const auto index = whole_number(text.substr(0, slash));
  const auto count = slash == std::string_view::npos ? std::nullopt : whole_number(text.substr(slash + 1));
  if (!index || !count) {
    return shard_usage(text, "expected I/N, two whole numbers with 0 <= I < N (0-based: 0/4, 1/4, 2/4, 3/4)");
  }
  if (*count < 1 || *count > kMaxShards) {
    return shard_usage(text, "the shard count N must be 1 to " + std::to_string(kMaxShards));
  }
  if (*index >= *count) {
    return shard_usage(text, "index " + std::to_string(*index) + " is not below N = " + std::to_string(*count) +
                                 " (0-based: the last shard is " + std::to_string(*count - 1) + "/" +
                                 std::to_string(*count) + ")");
  }
  return ShardSpec{*index, *count};
}

std::vector<RackShare> assign_racks(const Inventory& inv, int count) {
  const auto per_rack = devices_per_rack(inv);
  std::vector<RackShare> shares;
  for (const auto& r : inv.racks) shares.push_back(RackShare{r.name, per_rack.at(r.name), 0});
  // Largest racks first: the greedy then evens out with the small ones.
  std::vector<std::size_t> order(shares.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (shares[a].devices != shares[b].devices) return shares[a].devices > shares[b].devices;
    return shares[a].rack < shares[b].rack;
  });
  std::vector<std::size_t> load(static_cast<std::size_t>(std::max(count, 1)), 0);
  for (const std::size_t i : order) {
    // min_element takes the first minimum: ties go to the lowest index.
    const auto lightest = std::min_element(load.begin(), load.end());
    *lightest += shares[i].devices;
    shares[i].shard = static_cast<int>(lightest - load.begin());
  }
  return shares;
}

Result<ShardSelection> select_shard(const Inventory& inv, ShardSpec spec) {
  ShardSelection out;
  out.record = ShardRecord{spec, assign_racks(inv, spec.count)};
  const auto non_empty = std::count_if(out.record.assignment.begin(), out.record.assignment.end(),
                                       [](const RackShare& s) { return s.devices > 0; });
  if (non_empty < spec.count) {
    return make_error(ErrorKind::usage, "--shard " + std::to_string(spec.index) + "/" + std::to_string(spec.count) +
                                            ": " + inv.path + " has " + std::to_string(non_empty) +
                                            " racks with devices; N must be at most that (a rack is never split)");
  }
  std::map<std::string, int> shard_of;
  for (const auto& s : out.record.assignment) shard_of[s.rack] = s.shard;
  for (const auto& r : inv.racks)
    if (shard_of.at(r.name) == spec.index) out.racks.push_back(r);
  for (const auto& d : inv.devices) {
    const auto it = shard_of.find(d.rack);
    // The loader nests every device in a rack; a device outside any would be in no shard.
    if (it == shard_of.end()) return make_error(ErrorKind::internal, d.name + ": rack '" + d.rack + "' is not in the inventory");
    if (it->second == spec.index) out.devices.push_back(d);
  }
  return out;
}

}  // namespace attest
