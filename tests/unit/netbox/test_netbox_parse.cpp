#include <doctest/doctest.h>

#include "attest/netbox/inventory_build.hpp"
#include "attest/netbox/parse.hpp"
#include "netbox_fixture.hpp"

using namespace attest;
using namespace attest::netbox;
using attest::testing::netbox_page;
using attest::testing::netbox_pages;

namespace {

NetboxDevice only_device(const Json& item) {
  auto parsed = parse_device(item, Origin{"GET /x", "/results/0"});
  REQUIRE_MESSAGE(std::holds_alternative<NetboxDevice>(parsed), std::get<Skipped>(parsed).reason);
  return std::get<NetboxDevice>(parsed);
}

Skipped only_skip(const Json& item) {
  auto parsed = parse_device(item, Origin{"GET /x", "/results/0"});
  REQUIRE(std::holds_alternative<Skipped>(parsed));
  return std::get<Skipped>(parsed);
}

Json first_v4_device() { return netbox_page("v4/devices.json").results[0]; }

}  // namespace

TEST_CASE("the prefix length is stripped from a primary IPv4 address") {
  CHECK(strip_prefix_length("10.0.0.5/24") == "10.0.0.5");
  CHECK(strip_prefix_length("10.0.0.5") == "10.0.0.5");
  CHECK_FALSE(strip_prefix_length("10.0.0/24"));
  CHECK_FALSE(strip_prefix_length("2001:db8::5/64"));
  CHECK_FALSE(strip_prefix_length("10.0.0.5 /24"));
}

TEST_CASE("a NetBox 4 device yields its slugs, model, serial, address, rack and position") {
  const NetboxDevice d = only_device(first_v4_device());
  CHECK(d.name == "sw-r01-tor1");
  CHECK(d.role == "leaf-switch");
  CHECK(d.platform == "eos");
  CHECK(d.manufacturer == "arista");
  CHECK(d.model == "DCS-7050SX3-48YC8");
  CHECK(d.serial == "JPE20481234");
  CHECK(d.address == "10.44.7.11");
  CHECK(d.rack == "r01");
  REQUIRE(d.position);
  CHECK(*d.position == 42.0);
  CHECK(d.face == "front");
  CHECK(d.device_type_id == 10);
  CHECK_FALSE(d.type_u_height);  // the brief nested device type has none
  CHECK(d.custom_fields["ssh_host_key"] == "SHA256:z6CPURKL6/Egcn4Cq15wm3+XsOsZvNx9o/h8zn0kTyY");
}

TEST_CASE("a NetBox 3 device's device_role is read as its role") {
  const auto page = netbox_page("v3/devices.json");
  const NetboxDevice d = only_device(page.results[0]);
  CHECK(d.role == "leaf-switch");
  CHECK(d.platform == "junos");
  CHECK(only_device(page.results[1]).face == "rear");
}

TEST_CASE("a device_type that carries u_height is used as it is") {
  Json item = first_v4_device();
  item["device_type"]["u_height"] = 2.0;
  CHECK(only_device(item).type_u_height == 2.0);
}

TEST_CASE("a device without position is 0U") {
  const NetboxDevice d = only_device(netbox_page("v4/devices.json").results[2]);
  CHECK(d.name == "cons-r01");
  CHECK_FALSE(d.position);
  CHECK(is_zero_u(d));
}

TEST_CASE("missing fields skip the device by name with the JSON pointer of the field") {
  Json item = first_v4_device();
  item["primary_ip4"] = nullptr;
  Skipped s = only_skip(item);
  CHECK(s.name == "sw-r01-tor1");
  CHECK(s.reason == "GET /x: /results/0/primary_ip4: no primary IPv4 address");

  item = first_v4_device();
  item["serial"] = "";
  CHECK(only_skip(item).reason == "GET /x: /results/0/serial: has no serial number");

  item = first_v4_device();
  item.erase("role");
  CHECK(only_skip(item).reason == "GET /x: /results/0/role: has no role");

  item = first_v4_device();
  item["rack"] = nullptr;
  CHECK(only_skip(item).reason == "GET /x: /results/0/rack: is not in a rack");

  item = first_v4_device();
  item["primary_ip4"]["address"] = "2001:db8::1/64";
  CHECK(only_skip(item).reason == "GET /x: /results/0/primary_ip4/address: is not an IPv4 address");

  item = first_v4_device();
  item["name"] = nullptr;
  s = only_skip(item);
  CHECK(s.name == "device id 1");
  CHECK(s.reason == "GET /x: /results/0/name: has no name");

  item = first_v4_device();
  item["position"] = "42";
  CHECK(only_skip(item).reason == "GET /x: /results/0/position: must be a number or null");
}

TEST_CASE("a device name with control characters is refused") {
  Json item = first_v4_device();
  item["name"] = "sw\x1b[2Jx";
  CHECK(only_skip(item).reason.find("/results/0/name: the name contains control character U+001B") != std::string::npos);
}

TEST_CASE("pages merge in order; skipped devices carry their page and pointer") {
  std::vector<Skipped> skipped;
  const auto devices = parse_devices(netbox_pages({"v4/devices.json", "v4/devices-offset-3.json"}), skipped);
  REQUIRE(devices.size() == 6);
  CHECK(devices[0].name == "sw-r01-tor1");
  CHECK(devices[3].name == "fw-r01");
  CHECK(devices[3].origin.pointer == "/results/1");
  CHECK(devices[3].origin.source == "GET /v4/devices-offset-3.json");
  REQUIRE(skipped.size() == 2);
  CHECK(skipped[0].name == "srv-r01-02");
  CHECK(skipped[0].reason == "GET /v4/devices-offset-3.json: /results/0/primary_ip4: no primary IPv4 address");
  CHECK(skipped[1].name == "srv-r01-03");
}

TEST_CASE("a list page reports its next link") {
  CHECK(netbox_page("v4/devices.json").next ==
        "{BASE}/api/dcim/devices/?site=ams-dc7&limit=1000&exclude=config_context&offset=3");
  CHECK_FALSE(netbox_page("v4/devices-offset-3.json").next);
}

TEST_CASE("malformed JSON and wrong shapes are errors naming the source") {
  auto cut = parse_page(R"({"count": 1, "results": [)", "GET /api/dcim/devices/");
  REQUIRE_FALSE(cut.ok());
  CHECK(cut.error().message.find("GET /api/dcim/devices/: invalid JSON at") == 0);
  CHECK(cut.error().message.find("malformed JSON") != std::string::npos);
  auto shape = parse_page(R"({"results": {"a": 1}})", "GET /api/dcim/racks/");
  REQUIRE_FALSE(shape.ok());
  CHECK(shape.error().message == "GET /api/dcim/racks/: /results: must be an array (not a NetBox list response)");
  CHECK_FALSE(parse_page(R"([1, 2])", "GET /x").ok());
  CHECK_FALSE(parse_page(R"({"results": [], "next": 5})", "GET /x").ok());
}

TEST_CASE("racks need a name and a whole-number height; device types an id and a u_height") {
  auto racks = parse_racks(netbox_pages({"v4/racks.json"}));
  REQUIRE(racks.ok());
  REQUIRE(racks->size() == 2);
  CHECK((*racks)[1].name == "r02");
  CHECK((*racks)[1].u_height == 42);
  Page bad = netbox_page("v4/racks.json");
  bad.results[1].erase("u_height");
  auto refused = parse_racks({bad});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message.find("/results/1/u_height: a rack needs a whole-number u_height") != std::string::npos);
  auto types = parse_device_types(netbox_pages({"v4/device-types.json"}));
  REQUIRE(types.ok());
  CHECK(types->at(11) == 1.0);
  CHECK(types->at(12) == 0.0);
}
