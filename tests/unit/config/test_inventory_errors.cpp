// Inventory validation reports every error in the file, so one edit-run cycle
// fixes them all: each line "<file>: <pointer>: <reason>", in document order.
#include <doctest/doctest.h>

#include <sstream>
#include <vector>

#include "attest/config/inventory_loader.hpp"
#include "attest/config/secrets_loader.hpp"
#include "config_test_util.hpp"

using namespace attest;
using attest::testing::fixture;
using attest::testing::with;
using attest::testing::without;

namespace {

std::vector<std::string> error_lines(const std::string& text) {
  auto inv = parse_inventory(text, "inv.json", true);
  REQUIRE_FALSE(inv.ok());
  CHECK(inv.error().kind == ErrorKind::input);
  std::vector<std::string> lines;
  std::istringstream in(inv.error().message);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// A rack of `count` switches whose ports are all out of range.
std::string rack_of_bad_ports(int count) {
  OrderedJson devices = OrderedJson::array();
  for (int i = 0; i < count; ++i) {
    devices.push_back({{"name", "sw-" + std::to_string(i)}, {"role", "switch"}, {"profile", "arista-eos"},
                       {"model", "M"}, {"serial", "S"}, {"address", "10.0.0." + std::to_string(i)},
                       {"port", 0}, {"credential", "c"}, {"position_u", i + 1}});
  }
  OrderedJson doc{{"schema", "attest.inventory/v1"}, {"site", "s"},
                  {"racks", OrderedJson::array({{{"name", "r"}, {"height_u", 100}, {"devices", devices}}})}};
  return doc.dump();
}

}  // namespace

TEST_CASE("a missing field in one device does not hide an error in another") {
  std::string text = without(fixture("inventory-small.json"), "/racks/0/devices/0/model");
  text = with(text, "/racks/0/devices/2/port", 70000);
  text = with(text, "/racks/1/devices/0/role", "router");
  CHECK(error_lines(text) == std::vector<std::string>{
                                 "inv.json: /racks/0/devices/0/model: required field is missing",
                                 "inv.json: /racks/0/devices/2/port: must be an integer 1-65535",
                                 "inv.json: /racks/1/devices/0/role: must be one of: console-server, switch, pdu, "
                                 "server, bmc"});
}

TEST_CASE("several wrong fields of one device are each reported") {
  std::string text = without(fixture("inventory-small.json"), "/racks/0/devices/1/serial");
  text = with(text, "/racks/0/devices/1/port", "22");
  text = with(text, "/racks/0/devices/1/timeouts_ms", OrderedJson{{"total", 0}});
  CHECK(error_lines(text) == std::vector<std::string>{
                                 "inv.json: /racks/0/devices/1/serial: required field is missing",
                                 "inv.json: /racks/0/devices/1/port: must be an integer 1-65535",
                                 "inv.json: /racks/0/devices/1/timeouts_ms/total: must be an integer 1-600000"});
}

TEST_CASE("errors across racks, defaults and devices come together, and still one alone reads as before") {
  std::string text = with(fixture("inventory-small.json"), "/defaults/attempt_budget", 0);
  text = with(text, "/racks/1/devices/0/name", "sw-a");  // a duplicate, found across racks
  CHECK(error_lines(text) == std::vector<std::string>{
                                 "inv.json: /defaults/attempt_budget: must be an integer 1-100",
                                 "inv.json: /racks/1/devices/0/name: duplicate device name 'sw-a' (first at "
                                 "/racks/0/devices/0/name)"});
  CHECK(error_lines(with(fixture("inventory-small.json"), "/site", "")) ==
        std::vector<std::string>{"inv.json: /site: must not be empty"});
}

TEST_CASE("fifty errors are listed, then how many more there are") {
  const auto lines = error_lines(rack_of_bad_ports(60));
  REQUIRE(lines.size() == 51);
  CHECK(lines[0] == "inv.json: /racks/0/devices/0/port: must be an integer 1-65535");
  CHECK(lines[49] == "inv.json: /racks/0/devices/49/port: must be an integer 1-65535");
  CHECK(lines[50] == "... and 10 more errors");
  CHECK(error_lines(rack_of_bad_ports(50)).size() == 50);
}

TEST_CASE("another schema id or invalid JSON stops at once: the rest would mean nothing") {
  std::string text = with(fixture("inventory-small.json"), "/schema", "attest.inventory/v2");
  text = with(text, "/racks/0/devices/0/port", 0);
  CHECK(error_lines(text) == std::vector<std::string>{"inv.json: /schema: must be \"attest.inventory/v1\""});
  CHECK(error_lines("{\"schema\": ").size() == 1);
}

TEST_CASE("the secrets file reports every error too, never a value") {
  OrderedJson doc{{"schema", "attest.secrets/v1"},
                  {"credentials", {{"a", {{"password", "pw-Secret-1"}}}, {"b", {{"username", "u"}}}}},
                  {"retired", OrderedJson::array({{{"id", "x"}, {"password", "pw-Secret-2"}}})}};
  auto secrets = parse_secrets(doc.dump(), "s.json");
  REQUIRE_FALSE(secrets.ok());
  CHECK(secrets.error().message ==
        "s.json: /credentials/a/username: required field is missing\n"
        "s.json: /credentials/b: needs exactly one of \"password\" or \"private_key\"\n"
        "s.json: /retired/0/username: required field is missing");
}
