#include <doctest/doctest.h>

#include "attest/engine/promotion.hpp"
#include "attest/util/clock.hpp"

using namespace attest;
using json = nlohmann::json;

namespace {

constexpr std::int64_t kFinished = 1794990400;  // the report's finish time below, in seconds

json report() {
  return json{{"schema", "attest.report/v1"},
              {"site", "dc1"},
              {"finished", "2026-11-18T08:26:40.000Z"},
              {"golden_db", {{"signed", true}, {"key_id", "dbkey"}}},
              {"devices", json::array({json{{"name", "sw1"}, {"verdict", "pass"},
                                            {"findings", json::array({json{{"check", "host-key"}, {"status", "pass"}},
                                                                      json{{"check", "tpm-quote"}, {"status", "skip"}}})}},
                                       json{{"name", "sw2"}, {"verdict", "fail"},
                                            {"findings", json::array({json{{"check", "firmware-version"}, {"status", "fail"},
                                                                           {"detail", "4.12.1 is blocked"}}})}}})}};
}

PromotionQuery query(const std::string& device, std::int64_t age = 60) {
  PromotionQuery q;
  q.device = device;
  q.now = kFinished + age;
  q.max_age = 24 * 3600;
  return q;
}

bool has_reason(const PromotionDecision& d, const std::string& text) {
  for (const auto& r : d.reasons)
    if (r.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("the fixture's finish time is what the test assumes") {
  CHECK(parse_rfc3339_utc("2026-11-18T08:26:40.000Z") == kFinished);
}

TEST_CASE("a passing device in a fresh report from a signed DB is promoted") {
  const auto d = decide_promotion(report(), query("sw1"));
  CHECK(d.promote);
  CHECK(d.reasons.empty());
}

TEST_CASE("every reason against promotion is given") {
  CHECK(has_reason(decide_promotion(report(), query("sw2")), "firmware-version fail: 4.12.1 is blocked"));
  CHECK(has_reason(decide_promotion(report(), query("sw9")), "'sw9' is not in this report"));
  CHECK(has_reason(decide_promotion(report(), query("sw1", 25 * 3600)), "older than --max-age 24h"));
  CHECK(has_reason(decide_promotion(report(), query("sw1", -3600)), "in the future"));
  CHECK(decide_promotion(report(), query("sw1", -kMaxClockSkewSeconds)).promote);

  auto q = query("sw1");
  q.site = "dc2";
  CHECK(has_reason(decide_promotion(report(), q), "for site 'dc1', not 'dc2'"));
  q = query("sw1");
  q.trusted_db_key_ids = {"otherkey"};
  CHECK(has_reason(decide_promotion(report(), q), "not by a key given with --db-pubkey"));
  q.trusted_db_key_ids = {"otherkey", "dbkey"};
  CHECK(decide_promotion(report(), q).promote);
}

TEST_CASE("reports that prove nothing are refused") {
  auto r = report();
  r["golden_db"]["signed"] = false;
  CHECK(has_reason(decide_promotion(r, query("sw1")), "not signature-checked"));
  r = report();
  r.erase("golden_db");
  CHECK_FALSE(decide_promotion(r, query("sw1")).promote);
  r = report();
  r["devices"][0]["findings"] = json::array();
  CHECK(has_reason(decide_promotion(r, query("sw1")), "without evidence"));
  r = report();
  r["devices"][1]["name"] = "sw1";
  CHECK(has_reason(decide_promotion(r, query("sw1")), "more than once"));
  r = report();
  r["schema"] = "something/v2";
  CHECK(has_reason(decide_promotion(r, query("sw1")), "not an attest.report/v1"));
  r = report();
  r["finished"] = "yesterday";
  CHECK(has_reason(decide_promotion(r, query("sw1")), "no valid finish time"));
  r = report();
  r["devices"][0]["findings"][0]["status"] = "error";
  CHECK_FALSE(decide_promotion(r, query("sw1")).promote);
  CHECK_FALSE(decide_promotion(json::array(), query("sw1")).promote);
}

TEST_CASE("a partial report promotes no device, not even one that passed") {
  json r = report();
  r["partial"] = true;
  const auto d = decide_promotion(r, query("sw1"));
  CHECK_FALSE(d.promote);
  CHECK(has_reason(d, "partial report"));
}

TEST_CASE("a report marked complete still promotes a device that passed") {
  json r = report();
  r["partial"] = false;
  CHECK(decide_promotion(r, query("sw1")).promote);
}

namespace {

// sw2's blocked firmware, accepted by waiver W-1 until `expires`.
json waived_report(const std::string& expires, bool in_force = true, bool is_signed = true) {
  json r = report();
  r["devices"][1]["verdict"] = "pass";
  r["devices"][1]["findings"] = json::array(
      {json{{"check", "reachability"}, {"status", "pass"}},
       json{{"check", "firmware-version"}, {"status", "waived"}, {"detail", "4.12.1 is blocked"}, {"waiver", "W-1"}}});
  r["waivers"] = json{{"signed", is_signed},
                      {"entries", json::array({json{{"id", "W-1"}, {"approver", "j.smith"}, {"ticket", "CHG-7"},
                                                    {"expires", expires}, {"in_force", in_force}}})}};
  return r;
}

}  // namespace

TEST_CASE("a device whose only non-passing finding is waived is promoted, naming the waiver") {
  const auto d = decide_promotion(waived_report("2026-12-18T00:00:00Z"), query("sw2"));
  CHECK(d.promote);
  REQUIRE(d.waivers.size() == 1);
  CHECK(d.waivers[0].find("W-1: firmware-version (4.12.1 is blocked), approved by j.smith, CHG-7") == 0);
}

TEST_CASE("a waived finding without a signed waiver in force, or past its expiry, blocks") {
  CHECK(has_reason(decide_promotion(waived_report("2026-11-18T08:27:00Z"), query("sw2")), "expired at"));
  CHECK(has_reason(decide_promotion(waived_report("2026-12-18T00:00:00Z", false), query("sw2")),
                   "does not record as a signed waiver in force"));
  CHECK(has_reason(decide_promotion(waived_report("2026-12-18T00:00:00Z", true, false), query("sw2")),
                   "does not record as a signed waiver in force"));
  json other = waived_report("2026-12-18T00:00:00Z");
  other["devices"][1]["findings"][1]["waiver"] = "W-2";  // names a waiver the report does not hold
  CHECK_FALSE(decide_promotion(other, query("sw2")).promote);
}

namespace {

// What `attest exposure` writes for two devices from vantage "tenant".
json vantage_report() {
  const auto acl = [](const char* status, const char* detail) {
    return json::array({json{{"check", "management-acl"}, {"status", status}, {"detail", detail}}});
  };
  return json{{"schema", "attest.report/v1"},
              {"site", "dc1"},
              {"finished", "2026-11-18T08:26:40.000Z"},
              {"partial", false},
              {"vantage", {{"name", "tenant"}, {"source_address", "10.9.0.2"}, {"sources", json::array()}}},
              {"devices", json::array({json{{"name", "sw1"}, {"verdict", "pass"},
                                            {"findings", acl("pass", "no management endpoint reachable")}},
                                       json{{"name", "sw2"}, {"verdict", "fail"},
                                            {"findings", acl("fail", "ssh 22 reachable from vantage tenant")}}})}};
}

}  // namespace

TEST_CASE("a vantage report backs a device only when it shows it unreachable, fresh, for the same site") {
  CHECK(vantage_reasons(vantage_report(), "dc1", query("sw1"), "v").empty());
  CHECK(vantage_reasons(vantage_report(), "dc1", query("sw2"), "v") ==
        std::vector<std::string>{"v: management-acl fail: ssh 22 reachable from vantage tenant"});
  CHECK(vantage_reasons(vantage_report(), "dc2", query("sw1"), "v") ==
        std::vector<std::string>{"v: for site 'dc1', not the rack report's 'dc2'"});
  CHECK(vantage_reasons(vantage_report(), "dc1", query("sw1", 3 * 24 * 3600), "v")[0].find("older than --max-age") !=
        std::string::npos);
  CHECK(vantage_reasons(vantage_report(), "dc1", query("sw9"), "v") ==
        std::vector<std::string>{"v: device 'sw9' is not in this report"});
  json partial = vantage_report();
  partial["partial"] = true;
  CHECK(vantage_reasons(partial, "dc1", query("sw1"), "v")[0].find("partial report") != std::string::npos);
  json no_acl = vantage_report();
  no_acl["devices"][0]["findings"] = json::array({json{{"check", "identity"}, {"status", "pass"}}});
  CHECK(vantage_reasons(no_acl, "dc1", query("sw1"), "v") ==
        std::vector<std::string>{"v: no management-acl finding for the device"});
  // A rack report is not a vantage report, and a vantage report is not a rack report.
  CHECK(vantage_reasons(report(), "dc1", query("sw1"), "v")[0].find("not a vantage report") != std::string::npos);
  CHECK(has_reason(decide_promotion(vantage_report(), query("sw1")), "proves reachability only"));
}
