#include <doctest/doctest.h>

#include <filesystem>

#include "attest/config/inventory_loader.hpp"
#include "config_test_util.hpp"

using namespace attest;
using attest::testing::fixture;
using attest::testing::with;
using attest::testing::without;

namespace {

const std::string kDevice0 = "/racks/0/devices/0";

// The error message of a document that must be refused.
std::string error_of(const std::string& text, bool require_pins = true) {
  auto inv = parse_inventory(text, "inv.json", require_pins);
  REQUIRE_FALSE(inv.ok());
  CHECK(inv.error().kind == ErrorKind::input);
  return inv.error().message;
}

// The error for one edit of the small fixture.
std::string error_with(const std::string& pointer, const OrderedJson& value) {
  return error_of(with(fixture("inventory-small.json"), pointer, value));
}

}  // namespace

TEST_CASE("the shipped example rack loads with every device pinned") {
  auto inv = load_inventory(attest::testing::source_path("inventory/example-rack.json"));
  REQUIRE_MESSAGE(inv.ok(), inv.error().message);
  CHECK(inv->site == "ams-dc7");
  CHECK(inv->devices.size() == 10);
  for (const auto& d : inv->devices) CHECK((d.host_keys.size() == 1 && is_host_key_fingerprint(d.host_keys[0])));
}

TEST_CASE("a valid inventory yields devices with pointers, defaults and merged timeouts") {
  auto inv = parse_inventory(fixture("inventory-small.json"), "inv.json", true);
  REQUIRE_MESSAGE(inv.ok(), inv.error().message);
  CHECK(inv->path == "inv.json");
  REQUIRE(inv->racks.size() == 2);
  CHECK(inv->racks[1].height_u == 10);
  REQUIRE(inv->devices.size() == 5);
  const Device& sw = inv->devices[0];
  CHECK(sw.json_pointer == "/racks/0/devices/0");
  CHECK(sw.port == 2222);  // from defaults
  CHECK(sw.timeouts.connect == Millis(2000));   // device override
  CHECK(sw.timeouts.total == Millis(60000));    // defaults
  CHECK(sw.timeouts.command == Millis(15000));  // built-in default
  CHECK(sw.attempt_budget == 5);
  CHECK(inv->devices[1].port == 22);
  CHECK(inv->devices[1].attempt_budget == 3);
  CHECK(inv->devices[1].timeouts.connect == Millis(3000));
  CHECK(inv->devices[2].height_u == 2);
  CHECK(inv->devices[4].rack == "r02");
  CHECK(inv->devices[4].json_pointer == "/racks/1/devices/0");
}

TEST_CASE("invalid JSON is reported by line and column") {
  CHECK(error_of("{\n  \"schema\": \"attest.inventory/v1\",\n  oops\n}") == "inv.json: invalid JSON at line 3, column 3");
}

TEST_CASE("unknown fields are refused anywhere, naming the expected ones") {
  CHECK(error_with("/colour", "red").rfind("inv.json: /colour: unknown field (expected one of: schema, site,", 0) == 0);
  CHECK(error_with("/defaults/timeouts_ms/idle", 5).rfind("inv.json: /defaults/timeouts_ms/idle: unknown field", 0) == 0);
  CHECK(error_with("/racks/1/devices/0/hostkey", "x").rfind("inv.json: /racks/1/devices/0/hostkey: unknown field", 0) == 0);
}

TEST_CASE("the schema id must be exact") {
  CHECK(error_with("/schema", "attest.inventory/v2") == "inv.json: /schema: must be \"attest.inventory/v1\"");
}

TEST_CASE("site and a non-empty rack list are required") {
  const auto text = fixture("inventory-small.json");
  CHECK(error_of(without(text, "/site")) == "inv.json: /site: required field is missing");
  CHECK(error_with("/site", "") == "inv.json: /site: must not be empty");
  CHECK(error_with("/racks", OrderedJson::array()) == "inv.json: /racks: must not be empty");
  CHECK(error_of(without(text, "/racks/0/name")) == "inv.json: /racks/0/name: required field is missing");
}

TEST_CASE("every required device field is enforced") {
  for (const char* field : {"name", "role", "profile", "model", "serial", "address", "credential", "position_u"}) {
    CAPTURE(field);
    CHECK(error_of(without(fixture("inventory-small.json"), kDevice0 + "/" + field)) ==
          "inv.json: " + kDevice0 + "/" + field + ": required field is missing");
  }
  CHECK(error_with(kDevice0 + "/serial", 12345) == "inv.json: /racks/0/devices/0/serial: must be a string");
}

TEST_CASE("role must be one of the known roles") {
  CHECK(error_with("/racks/0/devices/1/role", "router") ==
        "inv.json: /racks/0/devices/1/role: must be one of: console-server, switch, pdu, server, bmc");
}

TEST_CASE("profile must be a known profile") {
  CHECK(error_with("/racks/0/devices/1/profile", "ubiquiti").rfind(
            "inv.json: /racks/0/devices/1/profile: unknown profile 'ubiquiti' (known: cisco-iosxe", 0) == 0);
}

TEST_CASE("port must be an integer 1-65535") {
  const std::string expected = "inv.json: /racks/0/devices/3/port: must be an integer 1-65535";
  CHECK(error_with("/racks/0/devices/3/port", 0) == expected);
  CHECK(error_with("/racks/0/devices/3/port", 65536) == expected);
  CHECK(error_with("/racks/0/devices/3/port", "22") == expected);
  CHECK(error_with("/racks/0/devices/3/port", 22.5) == expected);
  CHECK(error_with("/defaults/port", -1) == "inv.json: /defaults/port: must be an integer 1-65535");
}

TEST_CASE("position_u must lie within the rack and the device must fit") {
  CHECK(error_with("/racks/1/devices/0/position_u", 0) == "inv.json: /racks/1/devices/0/position_u: must be an integer 1-10");
  CHECK(error_with("/racks/1/devices/0/position_u", 11) == "inv.json: /racks/1/devices/0/position_u: must be an integer 1-10");
  CHECK(error_with("/racks/0/devices/0/height_u", 2) ==
        "inv.json: /racks/0/devices/0/height_u: device occupies U42-U43 but rack 'r01' has 42U");
}

TEST_CASE("a 0U device needs no position, and may not have one") {
  const std::string pdu = "/racks/1/devices/0";
  const std::string zero_u = with(without(fixture("inventory-small.json"), pdu + "/position_u"), pdu + "/mount", "0u");
  auto inv = parse_inventory(zero_u, "inv.json", true);
  REQUIRE_MESSAGE(inv.ok(), inv.error().message);
  CHECK(inv->devices[4].mount == Mount::zero_u);
  CHECK(inv->devices[0].mount == Mount::rack_units);  // the default
  CHECK(error_of(with(fixture("inventory-small.json"), pdu + "/mount", "0u")) ==
        "inv.json: " + pdu + "/position_u: a \"mount\": \"0u\" device occupies no rack units: remove it");
  CHECK(error_of(with(zero_u, pdu + "/height_u", 1)) ==
        "inv.json: " + pdu + "/height_u: a \"mount\": \"0u\" device occupies no rack units: remove it");
  CHECK(error_with(pdu + "/mount", "side") == "inv.json: " + pdu + "/mount: must be \"rack\" or \"0u\"");
  // "rack" spelled out is the default; it still needs its position.
  CHECK(error_of(with(without(fixture("inventory-small.json"), pdu + "/position_u"), pdu + "/mount", "rack")) ==
        "inv.json: " + pdu + "/position_u: required field is missing");
}

TEST_CASE("0U devices take no part in the overlap check") {
  // Two side-mounted PDUs beside a switch: no units, so nothing overlaps.
  std::string text = fixture("inventory-small.json");
  for (const char* dev : {"/racks/0/devices/1", "/racks/0/devices/2"}) {
    text = with(without(text, std::string(dev) + "/position_u"), std::string(dev) + "/mount", "0u");
    text = without(text, std::string(dev) + "/height_u");
  }
  text = without(text, "/racks/0/devices/3");  // the BMC was inside srv-a
  auto inv = parse_inventory(text, "inv.json", true);
  REQUIRE_MESSAGE(inv.ok(), inv.error().message);
}

TEST_CASE("devices in one rack must not overlap, except a BMC inside its server") {
  CHECK(error_with("/racks/0/devices/1/position_u", 42) ==
        "inv.json: /racks/0/devices/1/position_u: U42-U42 overlaps 'sw-a' at /racks/0/devices/0 (U42-U42)");
  // bmc-a sits at U11, inside srv-a (U10-U11): accepted by the fixture itself.
  CHECK(error_with("/racks/0/devices/3/role", "pdu") ==
        "inv.json: /racks/0/devices/3/position_u: U11-U11 overlaps 'srv-a' at /racks/0/devices/2 (U10-U11)");
  // The same unit in another rack is no overlap.
  CHECK(parse_inventory(with(fixture("inventory-small.json"), "/racks/1/devices/0/position_u", 10), "inv.json", true).ok());
}

TEST_CASE("duplicate names and endpoints name both places") {
  CHECK(error_with("/racks/1/devices/0/name", "sw-a") ==
        "inv.json: /racks/1/devices/0/name: duplicate device name 'sw-a' (first at /racks/0/devices/0/name)");
  CHECK(error_with("/racks/1/name", "r01") == "inv.json: /racks/1/name: duplicate rack name 'r01' (first at /racks/0/name)");
  const auto text = with(fixture("inventory-small.json"), "/racks/1/devices/0/address", "127.77.0.2");
  CHECK(error_of(text) == "inv.json: /racks/1/devices/0/address: duplicate address:port 127.77.0.2:2222 "
                          "(first at /racks/0/devices/0/address)");
  // Same address, other port: a console server's ports, for instance.
  CHECK(parse_inventory(with(text, "/racks/1/devices/0/port", 22), "inv.json", true).ok());
}

TEST_CASE("host_key must be an OpenSSH SHA256 fingerprint") {
  const std::string expected =
      "inv.json: /racks/0/devices/2/host_key: must be an OpenSSH fingerprint \"SHA256:\" + 43 base64 characters";
  CHECK(error_with("/racks/0/devices/2/host_key", "MD5:aa:bb") == expected);
  CHECK(error_with("/racks/0/devices/2/host_key", "SHA256:z6CPURKL6/Egcn4Cq15wm3+XsOsZvNx9o/h8zn0kTyY=") == expected);
  CHECK(error_with("/racks/0/devices/2/host_key", "SHA256:z6CPURKL6/Egcn4Cq15wm3+XsOsZvNx9o/h8zn0kTy-") == expected);
}

TEST_CASE("an unpinned device is refused unless pins are not required") {
  const auto text = without(fixture("inventory-small.json"), "/racks/0/devices/2/host_key");
  CHECK(error_of(text) == "inv.json: /racks/0/devices/2/host_key: no pinned host key; run `attest pin`");
  CHECK(error_with("/racks/0/devices/2/host_key", "") ==
        "inv.json: /racks/0/devices/2/host_key: no pinned host key; run `attest pin`");
  auto unpinned = parse_inventory(text, "inv.json", false);
  REQUIRE(unpinned.ok());
  CHECK(unpinned->devices[2].host_keys.empty());
}

TEST_CASE("timeouts must be positive and at most 10 minutes") {
  const std::string expected = "inv.json: /racks/0/devices/0/timeouts_ms/connect: must be an integer 1-600000";
  CHECK(error_with(kDevice0 + "/timeouts_ms/connect", 0) == expected);
  CHECK(error_with(kDevice0 + "/timeouts_ms/connect", 600001) == expected);
  CHECK(error_with("/defaults/timeouts_ms/total", -5) == "inv.json: /defaults/timeouts_ms/total: must be an integer 1-600000");
  CHECK(parse_inventory(with(fixture("inventory-small.json"), kDevice0 + "/timeouts_ms/total", 600000), "inv.json", true).ok());
}

TEST_CASE("attempt_budget must be 1-100") {
  CHECK(error_with("/racks/0/devices/1/attempt_budget", 0) ==
        "inv.json: /racks/0/devices/1/attempt_budget: must be an integer 1-100");
  CHECK(error_with("/defaults/attempt_budget", 101) == "inv.json: /defaults/attempt_budget: must be an integer 1-100");
}

TEST_CASE("addresses with spaces or URL syntax are refused") {
  CHECK(error_with(kDevice0 + "/address", "ssh://10.0.0.1") ==
        "inv.json: /racks/0/devices/0/address: must be an IP address or a host name");
}

TEST_CASE("host_key takes one fingerprint or a list of them") {
  const std::string a = "SHA256:z6CPURKL6/Egcn4Cq15wm3+XsOsZvNx9o/h8zn0kTyY";
  const std::string b = "SHA256:99eyynfdryrNt+cLd0P8zRExM9MlwNdePmNzDBTy2lE";
  auto inv = parse_inventory(with(fixture("inventory-small.json"), kDevice0 + "/host_key", OrderedJson::array({a, b})),
                             "inv.json", true);
  REQUIRE_MESSAGE(inv.ok(), inv.error().message);
  CHECK(inv->devices[0].host_keys == std::vector<std::string>{a, b});
  CHECK(error_with(kDevice0 + "/host_key", OrderedJson::array({a, "MD5:aa"})) ==
        "inv.json: /racks/0/devices/0/host_key/1: must be an OpenSSH fingerprint \"SHA256:\" + 43 base64 characters");
  CHECK(error_with(kDevice0 + "/host_key", OrderedJson::array({a, a})) ==
        "inv.json: /racks/0/devices/0/host_key/1: the same pin twice");
  CHECK(error_with(kDevice0 + "/host_key", OrderedJson::array({a, 7})) ==
        "inv.json: /racks/0/devices/0/host_key/1: must be a non-empty string");
  CHECK(error_with(kDevice0 + "/host_key", OrderedJson::array()) ==
        "inv.json: /racks/0/devices/0/host_key: no pinned host key; run `attest pin`");
  CHECK(error_with(kDevice0 + "/host_key", OrderedJson::array({a, a, a, a, a, a, a, a, a})) ==
        "inv.json: /racks/0/devices/0/host_key: at most 8 pins per device");
}

TEST_CASE("set_host_keys writes one pin as a string and several as a list") {
  const std::string a = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  const std::string b = "SHA256:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
  auto pinned = set_host_keys(fixture("inventory-small.json"), {{"sw-a", {a, b}}, {"cs-a", {a}}});
  REQUIRE_MESSAGE(pinned.ok(), pinned.error().message);
  const OrderedJson doc = OrderedJson::parse(*pinned);
  CHECK(doc["racks"][0]["devices"][0]["host_key"] == OrderedJson::array({a, b}));
  CHECK(doc["racks"][0]["devices"][1]["host_key"] == a);
}

TEST_CASE("set_host_keys pins devices and keeps the rest of the document") {
  auto original = without(fixture("inventory-small.json"), "/racks/0/devices/2/host_key");
  original = without(original, "/racks/1/devices/0/host_key");
  const std::string fp_srv = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  const std::string fp_pdu = "SHA256:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
  const std::string fp_sw = "SHA256:CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC";
  auto pinned = set_host_keys(original, {{"srv-a", {fp_srv}}, {"pdu-b", {fp_pdu}}, {"sw-a", {fp_sw}}});
  REQUIRE_MESSAGE(pinned.ok(), pinned.error().message);

  auto inv = parse_inventory(*pinned, "inv.json", true);
  REQUIRE_MESSAGE(inv.ok(), inv.error().message);
  CHECK(inv->devices[0].host_keys == std::vector<std::string>{fp_sw});  // replaced in place
  CHECK(inv->devices[2].host_keys == std::vector<std::string>{fp_srv});
  CHECK(inv->devices[4].host_keys == std::vector<std::string>{fp_pdu});

  // Nothing else changed, and a new host_key lands after "address".
  OrderedJson expected = OrderedJson::parse(original);
  expected["racks"][0]["devices"][0]["host_key"] = fp_sw;
  OrderedJson actual = OrderedJson::parse(*pinned);
  CHECK(actual["racks"][0]["devices"][2].items().begin().key() == "name");
  auto it = actual["racks"][0]["devices"][2].find("address");
  CHECK((++it).key() == "host_key");
  actual["racks"][0]["devices"][2].erase("host_key");
  actual["racks"][1]["devices"][0].erase("host_key");
  CHECK(actual == expected);
  CHECK(pinned->substr(0, 4) == "{\n  ");
}

TEST_CASE("set_host_keys refuses a pin for a device that is not in the inventory") {
  auto pinned = set_host_keys(fixture("inventory-small.json"), {{"ghost", {"SHA256:x"}}});
  REQUIRE_FALSE(pinned.ok());
  CHECK(pinned.error().message == "inventory: no device named 'ghost' to pin");
  CHECK_FALSE(set_host_keys("{", {}).ok());
}

TEST_CASE("the demo rack inventory is accepted with every pin in place") {
  const auto path = attest::testing::source_path("inventory/demo/inventory.json");
  auto inv = load_inventory(path, true);
  CHECK_MESSAGE(inv.ok(), (inv.ok() ? "" : inv.error().message));
}

TEST_CASE("a TPM-equipped device gets its PCR selection and AK algorithm, with defaults") {
  auto inv = parse_inventory(with(fixture("inventory-small.json"), kDevice0 + "/tpm", OrderedJson::object()),
                             "inv.json", true);
  REQUIRE_MESSAGE(inv.ok(), inv.error().message);
  REQUIRE(inv->devices[0].tpm);
  CHECK(inv->devices[0].tpm->pcr_selection == "sha256:0-7");
  CHECK(inv->devices[0].tpm->ak_alg == "ecc");
  CHECK_FALSE(inv->devices[1].tpm);
}

TEST_CASE("a bad TPM section is refused with its pointer") {
  CHECK(error_with(kDevice0 + "/tpm", OrderedJson{{"pcr_selection", "sha256:0-99"}})
            .find(kDevice0 + "/tpm/pcr_selection") != std::string::npos);
  CHECK(error_with(kDevice0 + "/tpm", OrderedJson{{"ak_alg", "dsa"}}).find(kDevice0 + "/tpm/ak_alg") !=
        std::string::npos);
  CHECK(error_with(kDevice0 + "/tpm", OrderedJson{{"pcrs", "sha256:0"}}).find("unknown field") != std::string::npos);
}

TEST_CASE("a TPM device defaults to the agent, the AK handle 0x81010002 and its profile's event log") {
  auto inv = parse_inventory(with(fixture("inventory-small.json"), kDevice0 + "/tpm", OrderedJson::object()),
                             "inv.json", true);
  REQUIRE_MESSAGE(inv.ok(), inv.error().message);
  const TpmSettings& tpm = *inv->devices[0].tpm;
  CHECK(tpm.quote_with == QuoteForm::agent);
  CHECK(tpm.ak_handle == 0x81010002u);
  CHECK(tpm.event_log_path.empty());  // the profile's, resolved when the command is built
}

TEST_CASE("a tpm2-tools device takes its persistent AK handle and an event log path") {
  const OrderedJson tpm{{"quote_with", "tpm2-tools"}, {"ak_handle", "0x81000123"},
                        {"event_log_path", "/var/lib/attest/binary_bios_measurements"}};
  auto inv = parse_inventory(with(fixture("inventory-small.json"), kDevice0 + "/tpm", tpm), "inv.json", true);
  REQUIRE_MESSAGE(inv.ok(), inv.error().message);
  CHECK(inv->devices[0].tpm->quote_with == QuoteForm::tpm2_tools);
  CHECK(inv->devices[0].tpm->ak_handle == 0x81000123u);
  CHECK(inv->devices[0].tpm->event_log_path == "/var/lib/attest/binary_bios_measurements");
}

TEST_CASE("bad quote forms, AK handles and event log paths are refused with their pointers") {
  const std::string tpm = kDevice0 + "/tpm";
  auto refused = [&](const OrderedJson& section, const std::string& field, const std::string& why) {
    const std::string msg = error_with(tpm, section);
    CHECK_MESSAGE(msg.find(tpm + "/" + field + ": " + why) != std::string::npos, msg);
  };
  refused({{"quote_with", "tpm2_tools"}}, "quote_with", "must be \"agent\" or \"tpm2-tools\"");
  refused({{"ak_handle", "0x81010002"}}, "ak_handle", "only applies with");
  for (const char* handle : {"0x81800000", "0x01c00002", "81010002", "0x8101002", "0x8101000g", "0x810100020"}) {
    refused({{"quote_with", "tpm2-tools"}, {"ak_handle", handle}}, "ak_handle", "must be an owner persistent handle");
  }
  for (const char* path :
       {"relative/log", "/sys/../etc/shadow", "/a/./b", "/log;reboot", "/log$(x)", "/a b", "/dir/", "/"}) {
    refused({{"event_log_path", path}}, "event_log_path", "must be an absolute path");
  }
  refused({{"event_log_path", "/" + std::string(300, 'a')}}, "event_log_path", "must be an absolute path");
}

TEST_CASE("a TPM device whose profile knows no event log location must name one") {
  const std::string text = with(fixture("inventory-small.json"), kDevice0 + "/profile", "cisco-iosxe");
  const std::string msg = error_of(with(text, kDevice0 + "/tpm", OrderedJson::object()));
  CHECK(msg.find(kDevice0 + "/tpm: profile 'cisco-iosxe' has no event log location") != std::string::npos);
  auto inv = parse_inventory(with(text, kDevice0 + "/tpm", OrderedJson{{"event_log_path", "/flash/tpm/eventlog"}}),
                             "inv.json", true);
  CHECK_MESSAGE(inv.ok(), inv.error().message);
}

TEST_CASE("a duplicate member in the inventory is refused with its pointer") {
  std::string text = fixture("inventory-small.json");
  const std::string pin = R"("host_key": "SHA256:z6CPURKL6/Egcn4Cq15wm3+XsOsZvNx9o/h8zn0kTyY",)";
  const auto at = text.find(pin);
  REQUIRE(at != std::string::npos);
  text.insert(at, pin);
  CHECK(error_of(text) == "inv.json: /racks/0/devices/0/host_key: duplicate member \"host_key\"");
}

TEST_CASE("a NUL or control character in a device name is refused") {
  CHECK(error_with(kDevice0 + "/name", std::string("a\0b", 3)) ==
        "inv.json: /racks/0/devices/0/name: name contains a NUL character");
  CHECK(error_with(kDevice0 + "/name", "sw\x1b[31m") ==
        "inv.json: /racks/0/devices/0/name: name contains control character U+001B");
}

TEST_CASE("rack names, the site, profiles and credential ids are names too") {
  CHECK(error_with("/racks/0/name", "r\xe2\x80\xae" "1") ==
        "inv.json: /racks/0/name: name contains bidirectional control U+202E");
  CHECK(error_with("/site", "lab\x7f") == "inv.json: /site: name contains control character U+007F");
  CHECK(error_with(kDevice0 + "/credential", "net\nops") ==
        "inv.json: /racks/0/devices/0/credential: name contains control character U+000A");
  CHECK(error_with(kDevice0 + "/profile", "arista\xc2\x85") ==
        "inv.json: /racks/0/devices/0/profile: name contains control character U+0085");
}

TEST_CASE("max_auth_per_connection is read per device and from the defaults, 1 to 64") {
  std::string text = with(fixture("inventory-small.json"), "/defaults/max_auth_per_connection", 3);
  text = with(text, "/racks/0/devices/1/max_auth_per_connection", 1);
  auto inv = parse_inventory(text, "inv.json", true);
  REQUIRE_MESSAGE(inv.ok(), inv.error().message);
  CHECK(inv->devices[0].max_auth_per_connection == std::optional<int>(3));
  CHECK(inv->devices[1].max_auth_per_connection == std::optional<int>(1));
  auto plain = parse_inventory(fixture("inventory-small.json"), "inv.json", true);
  REQUIRE(plain.ok());
  CHECK_FALSE(plain->devices[0].max_auth_per_connection.has_value());
  CHECK(error_with(kDevice0 + "/max_auth_per_connection", 0) ==
        "inv.json: /racks/0/devices/0/max_auth_per_connection: must be an integer 1-64");
  CHECK(error_with("/defaults/max_auth_per_connection", 65) ==
        "inv.json: /defaults/max_auth_per_connection: must be an integer 1-64");
  CHECK(error_with(kDevice0 + "/max_auth_per_connection", "6") ==
        "inv.json: /racks/0/devices/0/max_auth_per_connection: must be an integer 1-64");
}

TEST_CASE("an inventory that is a FIFO or a directory is refused at once") {
  attest::testing::TempDir dir;
  const std::string fifo = dir.path() + "/inventory.json";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  auto f = load_inventory(fifo);
  REQUIRE_FALSE(f);
  CHECK(f.error().message == fifo + ": is a FIFO, not a regular file");
  auto d = load_inventory(dir.path());
  REQUIRE_FALSE(d);
  CHECK(d.error().message == dir.path() + ": is a directory, not a regular file");
}

TEST_CASE("a Redfish BMC entry: port 443 by default, its own profiles, no TPM") {
  std::string text = with(fixture("inventory-small.json"), kDevice0 + "/transport", "redfish");
  text = with(text, kDevice0 + "/profile", "idrac-redfish");
  auto inv = parse_inventory(text, "inv.json", true);
  REQUIRE_MESSAGE(inv.ok(), inv.error().message);
  CHECK(inv->devices[0].transport == Transport::redfish);
  CHECK(inv->devices[0].port == 443);
  CHECK(error_with(kDevice0 + "/transport", "snmp") == "inv.json: " + kDevice0 + "/transport: must be \"ssh\" or \"redfish\"");
  CHECK(error_of(with(with(fixture("inventory-small.json"), kDevice0 + "/transport", "redfish"), kDevice0 + "/profile",
                      "arista-eos")).find(kDevice0 + "/profile: unknown Redfish profile 'arista-eos' (known: idrac-redfish, ") !=
        std::string::npos);
}
