#include <doctest/doctest.h>

#include "attest/engine/promotion.hpp"
#include "attest/engine/report_merge.hpp"
#include "attest/util/clock.hpp"
#include "shard_site.hpp"

using namespace attest;
using namespace attest::testing;
using json = nlohmann::ordered_json;

namespace {

const MergeProvenance kWho{"merger", "merge-host", std::string(64, 'm')};

// The error message of a refused merge ("" when it merged).
std::string refusal(std::vector<ShardReportInput> shards) {
  auto merged = merge_shard_reports(std::move(shards), kWho);
  if (merged) return "";
  CHECK(merged.error().kind != ErrorKind::internal);
  return merged.error().message;
}

bool says(const std::string& message, const std::string& text) {
  INFO(message);
  return message.find(text) != std::string::npos;
}

// Shard `i` of `count` with its report edited before "signing".
ShardReportInput edited(const Inventory& inv, int i, int count, void (*edit)(RunReport&)) {
  RunReport report = shard_run(inv, ShardSpec{i, count});
  edit(report);
  return shard_input(report, "shard-" + std::to_string(i) + "/report.json");
}

ShardReportInput edited_json(const ShardReportInput& in, void (*edit)(json&)) {
  json doc = json::parse(in.text);
  edit(doc);
  return ShardReportInput{in.path, report_text(doc), in.sha256, in.key_id};
}

const Inventory& site() {
  static const Inventory inv = site_inventory({4, 2, 0, 3, 1, 5});
  return inv;
}

}  // namespace

TEST_CASE("merged shards give the unsharded run's devices, byte for byte, in inventory order") {
  const json full = report_to_json(unsharded_run(site()));
  auto merged = merge_shard_reports(all_shards(site(), 3), kWho);
  REQUIRE(merged);
  CHECK(merged->at("schema") == kReportSchema);
  CHECK(merged->at("devices") == full.at("devices"));
  CHECK(merged->at("racks") == full.at("racks"));
  CHECK(merged->at("summary") == full.at("summary"));
  for (const char* key : {"tool", "site", "inventory", "golden_db", "enrollments"}) CHECK(merged->at(key) == full.at(key));
  CHECK(merged->at("operator") == "merger");
  CHECK(merged->at("signature").at("key_id") == std::string(64, 'm'));
  CHECK(merged->at("partial") == false);
  CHECK(merged->at("shard").is_null());
}

TEST_CASE("the site report records each shard report's digest, key and racks") {
  const auto shards = all_shards(site(), 3);
  auto merged = merge_shard_reports(shards, kWho);
  REQUIRE(merged);
  const json& record = merged->at("shards");
  CHECK(record.at("count") == 3);
  CHECK(record.at("rule") == kShardRule);
  REQUIRE(record.at("reports").size() == 3);
  std::size_t devices = 0;
  for (int i = 0; i < 3; ++i) {
    const json& r = record.at("reports").at(static_cast<std::size_t>(i));
    CHECK(r.at("index") == i);
    CHECK(r.at("file") == shards[static_cast<std::size_t>(i)].path);
    CHECK(r.at("sha256") == shards[static_cast<std::size_t>(i)].sha256);
    CHECK(r.at("key_id") == std::string(64, 'r'));
    devices += r.at("devices").get<std::size_t>();
  }
  CHECK(devices == site().devices.size());
}

TEST_CASE("shard reports given in any order merge to the same site report") {
  auto shards = all_shards(site(), 3);
  const auto in_order = merge_shard_reports(shards, kWho);
  std::swap(shards[0], shards[2]);
  const auto shuffled = merge_shard_reports(shards, kWho);
  REQUIRE(in_order);
  REQUIRE(shuffled);
  CHECK(in_order->at("devices") == shuffled->at("devices"));
  CHECK(in_order->at("shards") == shuffled->at("shards"));
}

TEST_CASE("the site report's finish time is the earliest shard's, so --max-age measures the oldest evidence") {
  auto shards = all_shards(site(), 2);
  shards[1] = edited(site(), 1, 2, [](RunReport& r) {
    r.started = "2026-11-17T08:00:00.000Z";
    r.finished = "2026-11-17T09:00:00.000Z";
  });
  auto merged = merge_shard_reports(shards, kWho);
  REQUIRE(merged);
  CHECK(merged->at("started") == "2026-11-17T08:00:00.000Z");
  CHECK(merged->at("finished") == "2026-11-17T09:00:00.000Z");
}

TEST_CASE("attest gate promotes from a merged report as from an unsharded one") {
  auto merged = merge_shard_reports(all_shards(site(), 3), kWho);
  REQUIRE(merged);
  const auto report = nlohmann::json::parse(report_text(*merged));
  PromotionQuery q;
  q.now = *parse_rfc3339_utc("2026-11-18T09:00:00.000Z");
  q.max_age = 24 * 3600;
  q.device = "r1-d1";
  CHECK(decide_promotion(report, q).promote);
  q.device = "r1-d3";  // every third device fails
  CHECK_FALSE(decide_promotion(report, q).promote);
}

TEST_CASE("a missing shard is refused, naming its racks") {
  auto shards = all_shards(site(), 3);
  shards.erase(shards.begin() + 1);
  std::string racks;
  for (const auto& s : assign_racks(site(), 3))
    if (s.shard == 1) racks += (racks.empty() ? "" : ", ") + s.rack;
  CHECK(refusal(shards) == "missing shards: 1/3 (racks " + racks + "): give every shard's report.json");
}

TEST_CASE("the same shard twice is refused as overlapping") {
  auto shards = all_shards(site(), 3);
  shards.push_back(shards[0]);
  CHECK(says(refusal(shards), "shard-0/report.json: /shard/index: shard 0/3 is also shard-0/report.json: overlapping"));
}

TEST_CASE("shards that ran against different inputs are refused") {
  const auto shards = all_shards(site(), 3);
  auto with = [&](void (*edit)(RunReport&)) {
    auto s = shards;
    s[2] = edited(site(), 2, 3, edit);
    return refusal(s);
  };
  CHECK(says(with([](RunReport& r) { r.provenance.db.manifest_sha256 = std::string(64, 'e'); }),
             "shard-2/report.json: /golden_db/manifest_sha256: eeeeeeeeeeeeeeee... differs from shard-0/report.json's "
             "dddddddddddddddd...: mixed golden DB manifests"));
  CHECK(says(with([](RunReport& r) { r.provenance.db.key_id = std::string(64, 'x'); }), "/golden_db/key_id"));
  CHECK(says(with([](RunReport& r) { r.inventory_sha256 = std::string(64, 'b'); }),
             "/inventory/sha256: bbbbbbbbbbbbbbbb... differs"));
  CHECK(says(with([](RunReport& r) { r.site = "dc2"; }), "/site: dc2 differs from shard-0/report.json's dc1"));
  CHECK(says(with([](RunReport& r) { r.tool_version = "0.2.0"; }), "/tool: "));
  CHECK(says(with([](RunReport& r) {
               r.provenance.enrollments_path = "e.json";
               r.provenance.enrollments_sha256 = std::string(64, 'f');
             }),
             "/enrollments/sha256"));
  // Where a pod kept its DB does not matter.
  CHECK(with([](RunReport& r) { r.db_dir = "/run/attest/db"; }).empty());
}

TEST_CASE("shards of splits into different N are refused") {
  auto shards = all_shards(site(), 3);
  shards.push_back(shard_input(shard_run(site(), ShardSpec{1, 2}), "two/report.json"));
  CHECK(says(refusal(shards), "two/report.json: /shard/count: 2 differs from shard-0/report.json's 3: mixed shard counts"));
}

TEST_CASE("reports that are not complete shard reports are refused") {
  auto base = all_shards(site(), 2);
  auto with = [&](ShardReportInput replaced) {
    auto s = base;
    s[1] = std::move(replaced);
    return refusal(s);
  };
  CHECK(says(with(shard_input(unsharded_run(site()), "full.json")), "full.json: /shard: null: not a shard report"));
  CHECK(says(with(edited(site(), 1, 2, [](RunReport& r) { r.partial = true; })),
             "shard-1/report.json: /partial: true: an interrupted shard; run it again"));
  CHECK(says(with(edited(site(), 1, 2, [](RunReport& r) { r.provenance.db = sign::DbTrust{}; })),
             "/golden_db/signed: false: the shard ran with an unsigned golden DB"));
  CHECK(says(with(edited_json(base[1], [](json& d) { d["devices"].erase(0); })),
             "shard-1/report.json: /devices: "));
  CHECK(says(with(edited_json(base[1], [](json& d) { d["devices"][0]["rack"] = "r9"; })),
             "/devices/0/rack: 'r9' is not one of this shard's racks"));
  CHECK(says(with(edited_json(base[1], [](json& d) { d["racks"].erase(0); })), "/racks: rack '"));
  CHECK(says(with(edited_json(base[1], [](json& d) { d["devices"][0]["verdict"] = "promote"; })),
             "/devices/0/verdict: 'promote': expected pass, fail or error"));
  CHECK(says(with(edited_json(base[1], [](json& d) { d["shard"]["index"] = 7; })), "/shard/index"));
  CHECK(says(with(edited_json(base[1], [](json& d) { d["extra"] = 1; })), "/extra: unknown field"));
  CHECK(says(with(edited_json(base[1], [](json& d) { d["finished"] = "yesterday"; })),
             "/finished: not an RFC 3339 UTC time"));
  CHECK(says(with(edited_json(base[1], [](json& d) { d["shards"] = json::object(); })),
             "/shards: a merged report"));
}

TEST_CASE("a device in two shards is refused") {
  auto shards = all_shards(site(), 2);
  const std::string taken = json::parse(shards[0].text)["devices"][0]["name"];
  json doc = json::parse(shards[1].text);
  doc["devices"][0]["name"] = taken;
  shards[1].text = report_text(doc);
  CHECK(says(refusal(shards), "shard-1/report.json: /devices/0/name: device '" + taken + "' is also in shard-0/report.json"));
}

TEST_CASE("bytes that are not a report are refused, never a crash") {
  auto shards = all_shards(site(), 2);
  const std::string good = shards[1].text;
  for (const std::string& text : {std::string(), std::string("[]"), std::string("{\"schema\": 1}"),
                                  good.substr(0, good.size() / 2),
                                  std::string("{\"schema\": \"attest.report/v1\", \"schema\": \"x\"}")}) {
    shards[1].text = text;
    CHECK_FALSE(refusal(shards).empty());
  }
  CHECK(refusal({}) == "no shard reports given");
}
