#include <doctest/doctest.h>

#include "attest/engine/attempt_journal.hpp"
#include "attest/engine/plan.hpp"
#include "attest/engine/rerun.hpp"

using namespace attest;

namespace {

constexpr std::int64_t kNow = 1800000000;  // 2027-01-15

Device device(const std::string& name, const std::string& address = "10.0.0.1") {
  Device d;
  d.name = name;
  d.address = address;
  d.rack = "r1";
  return d;
}

JournalEntry failed(const std::string& name, std::int64_t age_s, const std::string& address = "10.0.0.1") {
  return JournalEntry{name, address, 22, "admin", kNow - age_s, "run-a"};
}

Inventory inventory() {
  Inventory inv;
  inv.path = "inv.json";
  inv.site = "dc1";
  inv.devices = {device("a"), device("b", "10.0.0.2"), device("c", "10.0.0.3")};
  return inv;
}

}  // namespace

TEST_CASE("only failures inside the lockout window count against a device") {
  AttemptJournal j{{failed("a", 10), failed("a", 899), failed("a", 901), failed("b", 5, "10.0.0.2")}};
  CHECK(failures_within(j, device("a"), kNow, 900) == 2);
  CHECK(failures_within(j, device("a"), kNow, 3600) == 3);
}

TEST_CASE("a renamed device at the same address and port still remembers") {
  AttemptJournal j{{failed("old-name", 10, "10.0.0.9")}};
  CHECK(failures_within(j, device("new-name", "10.0.0.9"), kNow, 900) == 1);
  CHECK(failures_within(j, device("new-name", "10.0.0.8"), kNow, 900) == 0);
}

TEST_CASE("earlier failures come off the budget and what no longer fits is over budget") {
  CredentialPolicy policy;
  policy.defaults = {DefaultCredential{"d0", "admin", PasswordKind::literal, "x", 0, "doc"},
                     DefaultCredential{"d1", "admin", PasswordKind::literal, "y", 0, "doc"}};
  const auto fresh = plan_credentials(device("a"), &policy, {}, "ops", 0);
  CHECK(fresh.attempt_budget == 8);
  CHECK(fresh.over_budget.empty());
  const auto later = plan_credentials(device("a"), &policy, {}, "ops", 5);
  CHECK(later.attempt_budget == 3);  // login 2 + one connection of at least 2 does not fit
  REQUIRE(later.over_budget.size() == 2);
  CHECK(later.over_budget[0].detail.find("5 failed requests of earlier runs") != std::string::npos);
  const auto spent = plan_credentials(device("a"), &policy, {}, "ops", 99);
  CHECK(spent.attempt_budget == 0);
  CHECK(spent.earlier_failures == 8);
}

TEST_CASE("pruning drops what no device remembers and keeps the rest in order") {
  AttemptJournal j{{failed("a", 4000), failed("a", 100), failed("b", 3601), failed("b", 3600)}};
  prune_attempt_journal(j, kNow, 3600);
  REQUIRE(j.entries.size() == 2);
  CHECK(j.entries[0].time == kNow - 100);
  CHECK(j.entries[1].device == "b");
}

TEST_CASE("a journal survives its own round trip") {
  AttemptJournal j{{failed("a", 10), failed("b", 20, "10.0.0.2")}};
  auto back = parse_attempt_journal(attempt_journal_to_json(j), "attempts.json");
  REQUIRE(back);
  REQUIRE(back->entries.size() == 2);
  CHECK(back->entries[1].address == "10.0.0.2");
  CHECK(back->entries[0].time == kNow - 10);
}

TEST_CASE("a corrupt journal is an input error naming the file and pointer") {
  for (const char* text : {"{", "{\"schema\": \"attest.attempts/v1\"}",
                           "{\"schema\": \"attest.attempts/v1\", \"entries\": [{\"device\": \"a\"}]}",
                           "{\"schema\": \"attest.attempts/v1\", \"entries\": [{\"device\": \"a\", \"address\": \"x\", "
                           "\"port\": 22, \"username\": \"u\", \"time\": \"yesterday\", \"run\": \"r\"}]}"}) {
    auto j = parse_attempt_journal(text, "state/attempts.json");
    REQUIRE_FALSE(j);
    CHECK(j.error().message.find("state/attempts.json") == 0);
  }
}

TEST_CASE("the recorder keeps failed and unanswered requests, not the accepted one") {
  std::int64_t t = kNow;
  AttemptRecorder r("run-b", [&] { return t++; });
  r.record(device("a"), "netops", AuthRequestEvent::sent);      // none query: refused
  r.record(device("a"), "netops", AuthRequestEvent::sent);      // login
  r.record(device("a"), "netops", AuthRequestEvent::accepted);
  r.record(device("b", "10.0.0.2"), "admin", AuthRequestEvent::sent);  // cut short: counts
  const auto f = r.failures();
  REQUIRE(f.size() == 2);
  CHECK(f[0].device == "a");
  CHECK(f[0].time == kNow);
  CHECK(f[1].device == "b");
  CHECK(f[1].run == "run-b");
}

TEST_CASE("the profile's lockout window comes from the DB, else the default hour") {
  CredentialPolicy p;
  CHECK(lockout_window_seconds(&p) == kDefaultLockoutWindowSeconds);
  p.lockout_window_s = 900;
  CHECK(lockout_window_seconds(&p) == 900);
  CHECK(lockout_window_seconds(nullptr) == kDefaultLockoutWindowSeconds);
}

TEST_CASE("--device picks the named devices in inventory order and names an unknown one") {
  auto picked = select_named(inventory(), {"c", "a", "c"});
  REQUIRE(picked);
  REQUIRE(picked->size() == 2);
  CHECK((*picked)[0].name == "a");
  auto unknown = select_named(inventory(), {"a", "zz"});
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().message.find("'zz'") != std::string::npos);
}

TEST_CASE("--failed-from takes the fail and error devices of a report for the same site") {
  const std::string report = R"({"schema": "attest.report/v1", "site": "dc1", "devices": [
    {"name": "a", "verdict": "pass"}, {"name": "b", "verdict": "fail"}, {"name": "c", "verdict": "error"}]})";
  auto names = blocked_in_report(report, "r.json", inventory());
  REQUIRE(names);
  CHECK(*names == std::vector<std::string>{"b", "c"});
}

TEST_CASE("--failed-from refuses another site, a device not in the inventory, and a report with nothing blocked") {
  const auto refused = [](const std::string& text) {
    auto r = blocked_in_report(text, "r.json", inventory());
    return r ? std::string() : r.error().message;
  };
  CHECK(refused(R"({"schema": "attest.report/v1", "site": "dc2", "devices": []})").find("/site: 'dc2'") !=
        std::string::npos);
  CHECK(refused(R"({"schema": "attest.report/v1", "site": "dc1", "devices": [{"name": "x", "verdict": "fail"}]})")
            .find("'x' is not in inv.json") != std::string::npos);
  CHECK(refused(R"({"schema": "attest.report/v1", "site": "dc1", "devices": [{"name": "a", "verdict": "pass"}]})")
            .find("nothing to re-check") != std::string::npos);
  CHECK(refused(R"({"schema": "attest.report/v1", "site": "dc1", "site": "dc1", "devices": []})")
            .find("duplicate member") != std::string::npos);
}
