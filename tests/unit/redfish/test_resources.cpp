#include <doctest/doctest.h>

#include <string>

#include "attest/redfish/resources.hpp"

using namespace attest;
using namespace attest::redfish;

TEST_CASE("an HTML login page is refused as not Redfish") {
  auto r = parse_resource("<html><body>login</body></html>", "text/html", "GET /redfish/v1");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "GET /redfish/v1: the BMC answered HTML, not Redfish JSON");
}

TEST_CASE("truncated JSON names its size") {
  auto r = parse_resource(R"({"Systems": {"@odat)", "application/json", "GET /x");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "GET /x: not valid JSON (truncated or malformed, 19 bytes)");
}

TEST_CASE("deep nesting is refused before parsing") {
  const std::string deep = std::string(100, '[') + std::string(100, ']');
  CHECK(parse_resource("{\"a\":" + deep + "}", "application/json", "GET /x").error().message.find("nested deeper") !=
        std::string::npos);
  CHECK_FALSE(parse_resource("[1]", "application/json", "GET /x").ok());  // not an object
}

TEST_CASE("member links outside /redfish/v1 or with .. are dropped") {
  auto c = parse_resource(R"({"Members": [{"@odata.id": "/redfish/v1/Systems/1"}, {"@odata.id": "https://evil/x"},
      {"@odata.id": "/redfish/v1/../../etc"}, {"@odata.id": 5}, "x", {"@odata.id": "/redfish/v1/a b"}]})",
                          "application/json", "GET /c");
  REQUIRE(c.ok());
  CHECK(collection_members(*c) == std::vector<std::string>{"/redfish/v1/Systems/1"});
}

TEST_CASE("the service root's links, standard paths where missing") {
  auto root = parse_resource(R"({"RedfishVersion": "1.17.0", "Systems": {"@odata.id": "/redfish/v1/Sys"},
      "Links": {"Sessions": {"@odata.id": "/redfish/v1/SessionService/Sessions"}}})", "", "GET /redfish/v1");
  REQUIRE(root.ok());
  const ServiceRoot r = read_service_root(*root);
  CHECK(r.redfish_version == "1.17.0");
  CHECK(r.systems == "/redfish/v1/Sys");
  CHECK(r.managers == "/redfish/v1/Managers");
}

TEST_CASE("lockout members of the wrong type read as not stated") {
  auto a = parse_resource(R"({"AccountLockoutThreshold": "5", "AccountLockoutCounterResetAfter": 30,
      "AccountLockoutDuration": -1})", "", "GET /a");
  REQUIRE(a.ok());
  const RedfishLockout l = read_lockout(*a);
  CHECK_FALSE(l.threshold);
  CHECK(l.reset_after_s == 30);
  CHECK_FALSE(l.duration_s);
}

TEST_CASE("device strings lose controls and bidi overrides") {
  auto s = parse_resource("{\"Model\": \"R660\\u001b[2J\\u202e\", \"SerialNumber\": 42}", "", "GET /s");
  REQUIRE(s.ok());
  const SystemFacts f = read_system(*s);
  CHECK(f.model.find('\x1b') == std::string::npos);
  CHECK(f.model.find("\xe2\x80\xae") == std::string::npos);
  CHECK(f.serial.empty());
}

TEST_CASE("protocols are the members that carry ProtocolEnabled; an account without Enabled counts as enabled") {
  auto np = parse_resource(R"({"Id": "NetworkProtocol", "HostName": "x", "IPMI": {"ProtocolEnabled": true, "Port": 623},
      "SSDP": {"ProtocolEnabled": false}, "Oem": {"Dell": {}}})", "", "GET /np");
  REQUIRE(np.ok());
  const auto p = read_protocols(*np);
  REQUIRE(p.size() == 2);
  CHECK(p[0].name == "IPMI");
  CHECK(*p[0].enabled);
  CHECK(*p[0].port == 623);
  auto acct = parse_resource(R"({"UserName": "root"})", "", "GET /a");
  CHECK(read_account(*acct).enabled);
}
