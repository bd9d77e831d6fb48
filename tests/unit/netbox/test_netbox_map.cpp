#include <doctest/doctest.h>

#include "attest/netbox/client.hpp"
#include "attest/netbox/map.hpp"
#include "attest/netbox/url.hpp"
#include "netbox_fixture.hpp"

using namespace attest;
using namespace attest::netbox;

namespace {

MapFile map_of(const std::string& text) {
  auto map = parse_map(text, "map.json");
  REQUIRE_MESSAGE(map.ok(), map.error().message);
  return *map;
}

NetboxDevice device(std::string platform, std::string role, std::string manufacturer) {
  NetboxDevice d;
  d.name = "d1";
  d.platform = std::move(platform);
  d.role = std::move(role);
  d.manufacturer = std::move(manufacturer);
  return d;
}

}  // namespace

TEST_CASE("the first rule whose every given slug matches wins") {
  const MapFile map = map_of(R"({"schema": "attest.netbox-map/v1", "rules": [
    {"match": {"platform": "eos", "role": "spine"}, "profile": "arista-eos", "role": "switch", "credential": "spine"},
    {"match": {"platform": "eos"}, "profile": "arista-eos", "role": "switch", "credential": "leaf"},
    {"match": {"manufacturer": "dell"}, "profile": "generic-linux", "role": "server", "credential": "srv"},
    {"profile": "generic-linux", "role": "server", "credential": "fallback"}]})");
  CHECK(match_rule(map, device("eos", "spine", "arista"))->credential == "spine");
  CHECK(match_rule(map, device("eos", "leaf", "arista"))->credential == "leaf");
  CHECK(match_rule(map, device("", "server", "dell"))->credential == "srv");
  CHECK(match_rule(map, device("anything", "x", "y"))->credential == "fallback");
}

TEST_CASE("no matching rule is reported with the slugs looked up") {
  const MapFile map = map_of(testing::netbox_fixture_text("map.json"));
  CHECK(map.host_key_field == "ssh_host_key");
  REQUIRE(map.rules.size() == 4);
  CHECK(map.rules[3].port == 2222);
  const NetboxDevice fw = device("panos", "firewall", "paloalto");
  CHECK(match_rule(map, fw) == nullptr);
  CHECK(no_rule_reason(fw) == "unknown platform: no rule matches platform 'panos', role 'firewall', manufacturer 'paloalto'");
  CHECK(no_rule_reason(device("", "pdu", "apc")) ==
        "no platform and no rule matches platform (none), role 'pdu', manufacturer 'apc'");
}

TEST_CASE("MAP files with unknown profiles, roles or fields are refused with the pointer") {
  const auto error = [](const std::string& text) {
    auto map = parse_map(text, "map.json");
    REQUIRE_FALSE(map.ok());
    return map.error().message;
  };
  CHECK(error(R"({"schema": "attest.netbox-map/v1", "rules": [{"profile": "vyos", "role": "switch", "credential": "c"}]})") ==
        "map.json: /rules/0/profile: unknown profile 'vyos'");
  CHECK(error(R"({"schema": "attest.netbox-map/v1", "rules": [{"profile": "sonic", "role": "router", "credential": "c"}]})")
            .find("map.json: /rules/0/role: must be one of") == 0);
  CHECK(error(R"({"schema": "attest.netbox-map/v1", "rules": [{"match": {"site": "x"}, "profile": "sonic", "role": "switch", "credential": "c"}]})")
            .find("map.json: /rules/0/match/site") == 0);
  CHECK(error(R"({"schema": "attest.netbox-map/v1", "rules": []})").find("/rules") != std::string::npos);
  CHECK(error(R"({"schema": "attest.netbox-map/v2", "rules": []})").find("/schema") != std::string::npos);
}

TEST_CASE("v1 tokens are sent as Token, v2 (nbt_) tokens as Bearer") {
  CHECK(authorization_value("0123456789abcdef") == "Token 0123456789abcdef");
  CHECK(authorization_value("nbt_abc.def") == "Bearer nbt_abc.def");
}

TEST_CASE("next links must stay on the scheme, host and port of --url") {
  auto origin = parse_base_url("https://netbox.example.com/netbox");
  REQUIRE(origin.ok());
  CHECK(origin->port == "443");
  CHECK(check_same_origin(*origin, "https://netbox.example.com/netbox/api/dcim/devices/?offset=50", "GET /x").ok());
  CHECK(check_same_origin(*origin, "https://netbox.example.com:443/api/dcim/devices/", "GET /x").ok());
  CHECK_FALSE(check_same_origin(*origin, "http://netbox.example.com/api/dcim/devices/", "GET /x").ok());
  CHECK_FALSE(check_same_origin(*origin, "https://netbox.example.com:8443/api/", "GET /x").ok());
  CHECK_FALSE(check_same_origin(*origin, "https://evil.example.net/api/", "GET /x").ok());
  CHECK_FALSE(check_same_origin(*origin, "https://u:p@netbox.example.com/api/", "GET /x").ok());
  CHECK_FALSE(check_same_origin(*origin, "/relative/only", "GET /x").ok());
  auto refused = check_same_origin(*origin, "https://evil.example.net/api/", "GET /api/dcim/devices/");
  CHECK(refused.error().message.find("GET /api/dcim/devices/: the `next` link leads away from https://netbox.example.com:443") == 0);
}

TEST_CASE("--url must be http(s) without user info, query or fragment") {
  CHECK(parse_base_url("http://127.0.0.1:8000").ok());
  CHECK_FALSE(parse_base_url("ftp://netbox.example.com").ok());
  CHECK_FALSE(parse_base_url("https://admin:secret@netbox.example.com").ok());
  CHECK_FALSE(parse_base_url("https://netbox.example.com/?limit=5").ok());
  CHECK_FALSE(parse_base_url("not a url").ok());
  CHECK(url_path("https://netbox.example.com/api/dcim/devices/?site=a&offset=3") == "/api/dcim/devices/?site=a&offset=3");
}
