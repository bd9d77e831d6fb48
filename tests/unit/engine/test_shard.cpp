#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <random>

#include "attest/engine/shard.hpp"
#include "shard_site.hpp"

using namespace attest;
using attest::testing::site_inventory;

namespace {

std::map<std::string, int> shard_of(const std::vector<RackShare>& shares) {
  std::map<std::string, int> out;
  for (const auto& s : shares) out[s.rack] = s.shard;
  return out;
}

std::vector<std::size_t> loads(const std::vector<RackShare>& shares, int count) {
  std::vector<std::size_t> load(static_cast<std::size_t>(count), 0);
  for (const auto& s : shares) load[static_cast<std::size_t>(s.shard)] += s.devices;
  return load;
}

std::string error_of(std::string_view text) {
  auto spec = parse_shard_spec(text);
  return spec ? "" : spec.error().message;
}

}  // namespace

TEST_CASE("a shard is I/N, 0-based, with I below N") {
  CHECK(parse_shard_spec("0/1")->count == 1);
  CHECK(parse_shard_spec("3/4")->index == 3);
  CHECK(parse_shard_spec("9999/10000")->count == kMaxShards);
  CHECK(error_of("0/0").find("the shard count N must be 1 to 10000") != std::string::npos);
  CHECK(error_of("4/4").find("index 4 is not below N = 4 (0-based: the last shard is 3/4)") != std::string::npos);
  CHECK(error_of("0/10001").find("must be 1 to 10000") != std::string::npos);
  for (const char* bad : {"", "/", "1", "a/b", "1/b", "-1/2", "+1/2", " 1/2", "1/2 ", "1/2/3", "0x1/2", "1.0/2",
                          "99999999999/2", "0/99999999999"}) {
    INFO(bad);
    CHECK(error_of(bad).find("expected I/N") != std::string::npos);
    CHECK(error_of(bad).find(std::string("--shard '") + bad + "'") == 0);
  }
}

TEST_CASE("racks go largest first to the lightest shard, ties to the lower index") {
  const auto shares = assign_racks(site_inventory({6, 4, 3, 2, 2}), 3);
  CHECK(shard_of(shares) == std::map<std::string, int>{{"r1", 0}, {"r2", 1}, {"r3", 2}, {"r4", 2}, {"r5", 1}});
  CHECK(loads(shares, 3) == std::vector<std::size_t>{6, 6, 5});
  CHECK(shares.front().rack == "r1");  // the record keeps inventory order
  CHECK(shares.back().devices == 2);
}

TEST_CASE("the split does not depend on the order of racks or devices in the inventory") {
  Inventory inv = site_inventory({5, 1, 8, 3, 3, 7, 2, 2, 9});
  const auto before = shard_of(assign_racks(inv, 4));
  std::reverse(inv.racks.begin(), inv.racks.end());
  std::reverse(inv.devices.begin(), inv.devices.end());
  CHECK(shard_of(assign_racks(inv, 4)) == before);
}

TEST_CASE("300 racks of uneven size split into 10 shards differing by at most the largest rack") {
  std::mt19937 random(20261201);
  std::vector<int> sizes;
  for (int i = 0; i < 300; ++i) sizes.push_back(std::uniform_int_distribution<int>(1, 40)(random));
  const auto load = loads(assign_racks(site_inventory(sizes), 10), 10);
  const auto [lightest, heaviest] = std::minmax_element(load.begin(), load.end());
  CHECK(*heaviest - *lightest <= 40);
  // And far better than that bound in practice: within 1% of the mean.
  const std::size_t total = std::accumulate(load.begin(), load.end(), std::size_t{0});
  CHECK(*heaviest - *lightest <= total / 10 / 100 + 1);
}

TEST_CASE("the shards of a site hold every device exactly once, in inventory order, and never split a rack") {
  const Inventory inv = site_inventory({3, 0, 5, 1, 4, 2});
  std::map<std::string, int> device_seen, rack_seen;
  for (int i = 0; i < 4; ++i) {
    const auto selection = select_shard(inv, ShardSpec{i, 4});
    REQUIRE(selection);
    CHECK_FALSE(selection->devices.empty());
    for (const auto& r : selection->racks) ++rack_seen[r.name];
    for (const auto& d : selection->devices) {
      ++device_seen[d.name];
      CHECK(std::any_of(selection->racks.begin(), selection->racks.end(), [&](const Rack& r) { return r.name == d.rack; }));
    }
    CHECK(std::is_sorted(selection->devices.begin(), selection->devices.end(), [&](const Device& a, const Device& b) {
      auto at = [&](const Device& x) {
        return std::find_if(inv.devices.begin(), inv.devices.end(), [&](const Device& y) { return y.name == x.name; });
      };
      return at(a) < at(b);
    }));
    CHECK(selection->record.spec.index == i);
    CHECK(selection->record.assignment.size() == inv.racks.size());
  }
  CHECK(device_seen.size() == inv.devices.size());
  CHECK(std::all_of(device_seen.begin(), device_seen.end(), [](const auto& kv) { return kv.second == 1; }));
  CHECK(rack_seen.size() == inv.racks.size());  // the empty rack r2 too
  CHECK(std::all_of(rack_seen.begin(), rack_seen.end(), [](const auto& kv) { return kv.second == 1; }));
}

TEST_CASE("more shards than racks with devices is refused: a shard would check nothing") {
  const auto selection = select_shard(site_inventory({2, 0, 3}), ShardSpec{0, 3});
  REQUIRE_FALSE(selection);
  CHECK(selection.error().kind == ErrorKind::usage);
  CHECK(selection.error().message == "--shard 0/3: site.json has 2 racks with devices; N must be at most that "
                                     "(a rack is never split)");
  CHECK(select_shard(site_inventory({2, 0, 3}), ShardSpec{1, 2}));
}
