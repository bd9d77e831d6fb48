#include <doctest/doctest.h>

#include "attest/config/inventory_loader.hpp"
#include "attest/netbox/inventory_build.hpp"
#include "attest/netbox/source.hpp"
#include "netbox_fixture.hpp"

using namespace attest;
using namespace attest::netbox;
using attest::testing::netbox_fixture_text;
using attest::testing::netbox_pages;

namespace {

MapFile fixture_map() {
  auto map = parse_map(netbox_fixture_text("map.json"), "map.json");
  REQUIRE(map.ok());
  return *map;
}

SiteData v4_site(std::vector<Skipped>& skipped) {
  SiteData data;
  data.site = "ams-dc7";
  auto racks = parse_racks(netbox_pages({"v4/racks.json"}));
  REQUIRE(racks.ok());
  data.racks = *racks;
  data.devices = parse_devices(netbox_pages({"v4/devices.json", "v4/devices-offset-3.json"}), skipped);
  auto types = parse_device_types(netbox_pages({"v4/device-types.json"}));
  REQUIRE(types.ok());
  data.type_heights = *types;
  return data;
}

const Json* find_device(const Json& inventory, const std::string& name) {
  for (const auto& rack : inventory["racks"]) {
    for (const auto& d : rack["devices"]) {
      if (d["name"] == name) return &d;
    }
  }
  return nullptr;
}

std::string reason_for(const std::vector<Skipped>& skipped, const std::string& name) {
  for (const auto& s : skipped) {
    if (s.name == name) return s.reason;
  }
  return "(not skipped)";
}

}  // namespace

TEST_CASE("the v4 site becomes an inventory of the mappable devices, and the rest are named") {
  std::vector<Skipped> skipped;
  auto built = build_inventory(v4_site(skipped), fixture_map());
  REQUIRE_MESSAGE(built.ok(), built.error().message);
  CHECK(built->device_count == 4);
  const Json& inv = built->inventory;
  CHECK(inv["schema"] == "attest.inventory/v1");
  CHECK(inv["site"] == "ams-dc7");
  REQUIRE(inv["racks"].size() == 2);
  CHECK(inv["racks"][0]["height_u"] == 42);

  const Json* tor = find_device(inv, "sw-r01-tor1");
  REQUIRE(tor != nullptr);
  CHECK(*tor == Json::parse(R"({"name": "sw-r01-tor1", "role": "switch", "profile": "arista-eos",
    "model": "DCS-7050SX3-48YC8", "serial": "JPE20481234", "address": "10.44.7.11",
    "host_key": "SHA256:z6CPURKL6/Egcn4Cq15wm3+XsOsZvNx9o/h8zn0kTyY", "credential": "netops",
    "position_u": 42, "height_u": 1})"));
  const Json* console = find_device(inv, "cons-r01");
  REQUIRE(console != nullptr);
  CHECK((*console)["mount"] == "0u");
  CHECK_FALSE(console->contains("position_u"));
  CHECK(console->contains("port"));
  CHECK((*console)["port"] == 2222);
  CHECK_FALSE(find_device(inv, "srv-r01-01")->contains("host_key"));  // null custom field: pin later

  REQUIRE(built->skipped.size() == 2);
  CHECK(reason_for(built->skipped, "fw-r01") ==
        "GET /v4/devices-offset-3.json: /results/1/platform: unknown platform: no rule matches platform 'panos', "
        "role 'firewall', manufacturer 'paloalto'");
  CHECK(reason_for(built->skipped, "sw-r02-tor1") ==
        "GET /v4/devices-offset-3.json: /results/3/custom_fields/ssh_host_key: must be an OpenSSH fingerprint "
        "\"SHA256:\" + 43 base64 characters");
}

TEST_CASE("the written inventory loads with the inventory loader (0U devices aside)") {
  std::vector<Skipped> skipped;
  auto built = build_inventory(v4_site(skipped), fixture_map());
  REQUIRE(built.ok());
  Json racked = built->inventory;
  for (auto& rack : racked["racks"]) {
    Json kept = Json::array();
    for (auto& d : rack["devices"]) {
      if (!d.contains("mount")) kept.push_back(d);
    }
    rack["devices"] = kept;
  }
  auto inv = parse_inventory(racked.dump(), "inventory.json", false);
  REQUIRE_MESSAGE(inv.ok(), inv.error().message);
  CHECK(inv->devices.size() == 3);
  CHECK(inv->devices[0].host_keys == std::vector<std::string>{"SHA256:z6CPURKL6/Egcn4Cq15wm3+XsOsZvNx9o/h8zn0kTyY"});
  CHECK(inv->devices[1].profile == "generic-linux");
  CHECK(inv->devices[2].rack == "r02");
}

TEST_CASE("--rack keeps one rack; a rack the site lacks is an error") {
  std::vector<Skipped> skipped;
  SiteData data = v4_site(skipped);
  data.rack = "r02";
  auto built = build_inventory(data, fixture_map());
  REQUIRE(built.ok());
  REQUIRE(built->inventory["racks"].size() == 1);
  CHECK(built->inventory["racks"][0]["name"] == "r02");
  CHECK(built->device_count == 1);
  data.rack = "r99";
  auto missing = build_inventory(data, fixture_map());
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message == "site 'ams-dc7' has no rack 'r99'");
}

TEST_CASE("placements attest cannot express skip the device") {
  std::vector<Skipped> skipped;
  SiteData data = v4_site(skipped);
  data.devices[0].position = 41.5;                   // a half-U position (NetBox 4)
  data.devices[1].device_type_id = 99;               // a type without a known u_height
  auto built = build_inventory(data, fixture_map());
  REQUIRE(built.ok());
  CHECK(reason_for(built->skipped, "sw-r01-tor1") ==
        "GET /v4/devices.json: /results/0/position: position 41.5 is not a whole rack unit");
  CHECK(reason_for(built->skipped, "srv-r01-01") ==
        "GET /v4/devices.json: /results/1/device_type: device type 99 has no u_height");
}

TEST_CASE("a site where nothing maps writes nothing") {
  std::vector<Skipped> skipped;
  auto map = parse_map(R"({"schema": "attest.netbox-map/v1", "rules": [
    {"match": {"platform": "sonic"}, "profile": "sonic", "role": "switch", "credential": "c"}]})", "map.json");
  REQUIRE(map.ok());
  auto built = build_inventory(v4_site(skipped), *map);
  REQUIRE_FALSE(built.ok());
  CHECK(built.error().message.find("no NetBox device of site 'ams-dc7' could be mapped") == 0);
}

TEST_CASE("a saved export gives the same devices as the API, with pointers into the file") {
  std::vector<Skipped> skipped;
  auto data = parse_export(netbox_fixture_text("export-v4.json"), "export.json", "ams-dc7", skipped);
  REQUIRE_MESSAGE(data.ok(), data.error().message);
  CHECK(data->racks.size() == 2);
  CHECK(data->devices.size() == 6);
  CHECK(data->type_heights.size() == 4);
  REQUIRE(skipped.size() == 2);
  CHECK(skipped[0].reason == "export.json: /devices/1/results/0/primary_ip4: no primary IPv4 address");
  auto built = build_inventory(*data, fixture_map());
  REQUIRE(built.ok());
  CHECK(built->device_count == 4);

  std::vector<Skipped> none;
  auto no_racks = parse_export(R"({"devices": {"results": []}})", "export.json", "ams-dc7", none);
  REQUIRE_FALSE(no_racks.ok());
  CHECK(no_racks.error().message == "export.json: /racks: missing (want a NetBox list response)");
  auto bad_page = parse_export(R"({"racks": {"results": []}, "devices": [{"results": 3}]})", "export.json", "x", none);
  REQUIRE_FALSE(bad_page.ok());
  CHECK(bad_page.error().message.find("export.json: /devices/0/results: must be an array") == 0);
}
