// Applying waivers: only failures, only what the waiver names, only while in
// force, never the checks no waiver may accept.
#include <doctest/doctest.h>

#include "attest/engine/waivers.hpp"

using namespace attest;

namespace {

Device device(const std::string& name = "con1", const std::string& rack = "r01") {
  Device d;
  d.name = name;
  d.rack = rack;
  return d;
}

Waiver waiver(const std::string& check_id, const std::string& rule) {
  Waiver w;
  w.id = "W-1";
  w.device = "con1";
  w.check = check_id;
  w.match_rule = rule;
  w.approved_at = 1000;
  w.expires_at = 2000;
  w.expires = "later";
  return w;
}

DeviceAssessment assessment(std::vector<Finding> findings) {
  DeviceAssessment a;
  a.findings = std::move(findings);
  a.verdict = verdict_of(a.findings);
  return a;
}

const std::string kDb = "/tmp/db";
const Finding kReach{check::kReachability, CheckStatus::pass, "reached", ""};
const Finding kFirmware{check::kFirmwareVersion, CheckStatus::fail, "version 4.12.1 is blocked: SITE-SEC-2026-014",
                        "/tmp/db/firmware/opengear.json#/models/0/blocked/0"};

}  // namespace

TEST_CASE("a failed finding the waiver names becomes waived, and the device passes") {
  auto a = assessment({kReach, kFirmware});
  REQUIRE(a.verdict == Verdict::fail);
  CHECK(apply_waivers(a, device(), {waiver(check::kFirmwareVersion, "firmware/opengear.json#/models/0/blocked/0")}, kDb) == 1);
  CHECK(a.findings[1].status == CheckStatus::waived);
  CHECK(a.findings[1].waiver == "W-1");
  CHECK(a.findings[1].detail == kFirmware.detail);  // what was accepted stays visible
  CHECK(a.verdict == Verdict::pass);
}

TEST_CASE("a waiver for another device, rule, detail or check leaves the finding failed") {
  const auto unchanged = [](const Device& d, const Waiver& w) {
    auto a = assessment({kReach, kFirmware});
    return apply_waivers(a, d, {w}, kDb) == 0 && a.findings[1].status == CheckStatus::fail && a.verdict == Verdict::fail;
  };
  const Waiver good = waiver(check::kFirmwareVersion, "firmware/opengear.json#/models/0/blocked/0");
  CHECK(unchanged(device("con2"), good));
  Waiver w = good;
  w.match_rule = "firmware/opengear.json#/models/1";
  CHECK(unchanged(device(), w));
  w.match_rule = "opengear.json#/models/0/blocked/0";  // a suffix, not the file the report names
  CHECK(unchanged(device(), w));
  w = good;
  w.match_rule.clear();
  w.match_detail = "version 4.12.1 is blocked";  // part of the detail: not the whole of it
  CHECK(unchanged(device(), w));
  w = good;
  w.check = check::kIdentity;
  CHECK(unchanged(device(), w));
}

TEST_CASE("a rack waiver covers the rack's devices; the exact detail matches too") {
  Waiver w = waiver(check::kFirmwareVersion, "");
  w.device.clear();
  w.rack = "r01";
  w.match_detail = kFirmware.detail;
  auto a = assessment({kReach, kFirmware});
  CHECK(apply_waivers(a, device("con7", "r01"), {w}, kDb) == 1);
  auto b = assessment({kReach, kFirmware});
  CHECK(apply_waivers(b, device("con7", "r02"), {w}, kDb) == 0);
}

TEST_CASE("errors and the never-waived checks are never waived") {
  Finding error = kFirmware;
  error.status = CheckStatus::error;
  auto a = assessment({kReach, error});
  CHECK(apply_waivers(a, device(), {waiver(check::kFirmwareVersion, "firmware/opengear.json#/models/0/blocked/0")}, kDb) == 0);
  CHECK(a.verdict == Verdict::error);
  for (const char* never : check::kNeverWaived) {
    const Finding f{never, CheckStatus::fail, "admin/admin logs in", "credentials/defaults.json#/profiles/x"};
    auto b = assessment({kReach, f});
    CHECK(apply_waivers(b, device(), {waiver(never, "credentials/defaults.json#/profiles/x")}, kDb) == 0);
    CHECK(b.verdict == Verdict::fail);
  }
}

TEST_CASE("only waivers approved and not yet expired are in force") {
  WaiverFile file;
  file.waivers = {waiver("a", "r"), waiver("b", "r"), waiver("c", "r")};
  file.waivers[0].id = "early";
  file.waivers[1].id = "late", file.waivers[1].approved_at = 1600, file.waivers[1].approved = "1600";
  file.waivers[2].id = "gone", file.waivers[2].expires_at = 1500, file.waivers[2].expires = "1500";
  const auto f = waivers_in_force(file, 1500);
  REQUIRE(f.active.size() == 1);
  CHECK(f.active[0].id == "early");
  REQUIRE(f.inactive.size() == 2);
  CHECK(f.inactive[0].waiver.id == "late");
  CHECK(f.inactive[0].reason.find("approved only at 1600") == 0);
  CHECK(f.inactive[1].reason == "expired at 1500");  // at its expiry second it no longer holds
}
