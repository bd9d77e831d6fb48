// waivers.json: every waiver names what the inventory holds, a check that may
// be waived, a match and people, and expires within 90 days of approval.
#include <doctest/doctest.h>

#include "attest/config/json_reader.hpp"
#include "attest/config/waivers_loader.hpp"

using namespace attest;

namespace {

Inventory inventory() {
  Inventory inv;
  inv.path = "inventory.json";
  inv.site = "ams-dc7";
  inv.racks = {Rack{"r01", 42}};
  Device d;
  d.name = "con-r01-1";
  d.rack = "r01";
  inv.devices = {d};
  return inv;
}

OrderedJson one_waiver() {
  return OrderedJson{{"id", "W-2026-014"},
                     {"device", "con-r01-1"},
                     {"check", "firmware-version"},
                     {"match", {{"rule", "firmware/opengear.json#/models/0/blocked/0"}}},
                     {"justification", "vendor fix due in January; console port only reachable from the OOB VLAN"},
                     {"approver", "j.smith"},
                     {"ticket", "CHG-1234"},
                     {"approved", "2026-12-01T09:00:00Z"},
                     {"expires", "2027-01-15T00:00:00Z"}};
}

std::string file_with(const OrderedJson& waiver) {
  return OrderedJson{{"schema", "attest.waivers/v1"}, {"site", "ams-dc7"}, {"waivers", OrderedJson::array({waiver})}}.dump();
}

std::string error_of(const OrderedJson& waiver) {
  auto r = parse_waivers(file_with(waiver), "waivers.json", inventory());
  return r ? std::string("(accepted)") : r.error().message;
}

}  // namespace

TEST_CASE("a complete waiver is read with its times") {
  auto r = parse_waivers(file_with(one_waiver()), "waivers.json", inventory());
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  REQUIRE(r->waivers.size() == 1);
  const Waiver& w = r->waivers[0];
  CHECK(w.id == "W-2026-014");
  CHECK(w.device == "con-r01-1");
  CHECK(w.match_rule == "firmware/opengear.json#/models/0/blocked/0");
  CHECK(w.expires_at - w.approved_at == 44 * 86400 + 15 * 3600);
  CHECK(w.pointer == "/waivers/0");
}

TEST_CASE("each wrong waiver is an error naming the file and the pointer") {
  auto w = one_waiver();
  w["device"] = "con-r09-1";
  CHECK(error_of(w) == "waivers.json: /waivers/0/device: names no device of the inventory inventory.json");
  w = one_waiver();
  w["check"] = "host-key";
  CHECK(error_of(w) == "waivers.json: /waivers/0/check: a host-key finding can never be waived");
  w["check"] = "default-credentials";
  CHECK(error_of(w).find("can never be waived") != std::string::npos);
  w["check"] = "firmware";
  CHECK(error_of(w) == "waivers.json: /waivers/0/check: unknown check id");
  w = one_waiver();
  w.erase("expires");
  CHECK(error_of(w).find("waivers.json: /waivers/0/expires: ") == 0);
  w = one_waiver();
  w["expires"] = "2027-03-02T09:00:01Z";  // 91 days after approval
  CHECK(error_of(w) == "waivers.json: /waivers/0/expires: must be at most 90 days after \"approved\"");
  w["expires"] = "2026-11-30T00:00:00Z";
  CHECK(error_of(w) == "waivers.json: /waivers/0/expires: must be after \"approved\"");
  w = one_waiver();
  w["rack"] = "r01";
  CHECK(error_of(w) == "waivers.json: /waivers/0: needs exactly one of \"device\" or \"rack\"");
  w = one_waiver();
  w["match"] = OrderedJson::object();
  CHECK(error_of(w).find("waivers.json: /waivers/0/match: needs \"rule\"") == 0);
  w = one_waiver();
  w.erase("approver");
  CHECK(error_of(w).find("/waivers/0/approver") != std::string::npos);
}

TEST_CASE("the file is the inventory's site's, and ids are unique") {
  auto other = OrderedJson{{"schema", "attest.waivers/v1"}, {"site", "fra-dc1"}, {"waivers", OrderedJson::array()}};
  auto r = parse_waivers(other.dump(), "waivers.json", inventory());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "waivers.json: /site: is 'fra-dc1', the inventory's site is 'ams-dc7'");
  auto twice = OrderedJson{{"schema", "attest.waivers/v1"},
                           {"site", "ams-dc7"},
                           {"waivers", OrderedJson::array({one_waiver(), one_waiver()})}};
  r = parse_waivers(twice.dump(), "waivers.json", inventory());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "waivers.json: /waivers/1/id: duplicate waiver id (first at /waivers/0/id)");
}
