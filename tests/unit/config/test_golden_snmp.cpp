// The golden DB's SNMP parts: a profile's "snmp" block of default
// communities, and the posture policy's SNMPv1/v2c rule.
#include <doctest/doctest.h>

#include "attest/config/golden_loader.hpp"
#include "config_test_util.hpp"

using namespace attest;
using attest::testing::with;
using attest::testing::without;

namespace {

const std::string kCredentials = R"({
  "schema": "attest.default-credentials/v1",
  "profiles": {
    "opengear": {"defaults": [], "snmp": {"port": 1161, "versions": ["v2c", "v1"], "attempt_budget": 3,
      "communities": [{"id": "snmp-public", "community": "public", "source": "RFC 1157"},
                      {"id": "snmp-private", "community": "private", "source": "vendor docs"}]}},
    "cisco-iosxe": {"defaults": [], "snmp": {
      "communities": [{"id": "snmp-public", "community": "public", "source": "RFC 1157"}]}}
  }})";

std::string credentials_error(const std::string& text) {
  GoldenDb db;
  const Status status = parse_credentials_file(text, "cred.json", db);
  if (status.ok()) return "accepted";
  CHECK(status.error().kind == ErrorKind::input);
  return status.error().message;
}

const std::string kPosture = R"({"schema": "attest.posture/v1", "policies": {
  "default": {"source": "site", "snmp": {"v1_v2c": "forbidden"}},
  "opengear": {"source": "site", "snmp": {"v1_v2c": "allowed"}},
  "sonic": {"source": "site"}}})";

}  // namespace

TEST_CASE("an snmp block gives communities, versions, port and budget; defaults are v2c on 161") {
  GoldenDb db;
  REQUIRE(parse_credentials_file(kCredentials, "cred.json", db).ok());
  const auto& og = db.credentials.at("opengear").snmp;
  REQUIRE(og);
  CHECK(og->port == 1161);
  CHECK(og->v1);
  CHECK(og->v2c);
  CHECK(og->attempt_budget == 3);
  REQUIRE(og->communities.size() == 2);
  CHECK(og->communities[1].id == "snmp-private");
  CHECK(og->communities[1].community == "private");
  CHECK(og->source == "cred.json#/profiles/opengear/snmp");
  const auto& ios = db.credentials.at("cisco-iosxe").snmp;
  REQUIRE(ios);
  CHECK(ios->port == 161);
  CHECK(ios->v2c);
  CHECK_FALSE(ios->v1);
  CHECK(ios->attempt_budget == 0);
  CHECK_FALSE(db.credentials.count("sonic"));
}

TEST_CASE("bad snmp blocks name the file and the JSON pointer") {
  CHECK(credentials_error(with(kCredentials, "/profiles/opengear/snmp/versions/1", "v3")) ==
        "cred.json: /profiles/opengear/snmp/versions/1: must be \"v1\" or \"v2c\" (SNMPv3 is not probed)");
  CHECK(credentials_error(with(kCredentials, "/profiles/opengear/snmp/versions/1", "v2c")) ==
        "cred.json: /profiles/opengear/snmp/versions/1: 'v2c' is listed twice");
  CHECK(credentials_error(with(kCredentials, "/profiles/opengear/snmp/port", 0)) ==
        "cred.json: /profiles/opengear/snmp/port: must be an integer 1-65535");
  CHECK(credentials_error(without(kCredentials, "/profiles/opengear/snmp/communities/0/source")) ==
        "cred.json: /profiles/opengear/snmp/communities/0/source: required field is missing");
  CHECK(credentials_error(with(kCredentials, "/profiles/opengear/snmp/communities/1/community", "pri vate")) ==
        "cred.json: /profiles/opengear/snmp/communities/1/community: must be 1 to 255 printable ASCII characters");
  CHECK(credentials_error(with(kCredentials, "/profiles/opengear/snmp/communities/1/id", "snmp-public")) ==
        "cred.json: /profiles/opengear/snmp/communities/1/id: duplicate community id 'snmp-public' in this profile");
  CHECK(credentials_error(with(kCredentials, "/profiles/opengear/snmp/communities", OrderedJson::array())) ==
        "cred.json: /profiles/opengear/snmp/communities: must not be empty");
  CHECK(credentials_error(with(kCredentials, "/profiles/opengear/snmp/community", "public")).find(
            "/profiles/opengear/snmp") != std::string::npos);
}

TEST_CASE("the posture policy's snmp rule is forbidden, allowed or unsaid") {
  GoldenDb db;
  REQUIRE(parse_posture_file(kPosture, "posture.json", db).ok());
  CHECK(db.find_posture("arista-eos")->snmp_v1_v2c_allowed == false);
  CHECK(db.find_posture("opengear")->snmp_v1_v2c_allowed == true);
  CHECK_FALSE(db.find_posture("sonic")->snmp_v1_v2c_allowed.has_value());
  GoldenDb bad;
  const Status s = parse_posture_file(with(kPosture, "/policies/default/snmp/v1_v2c", "off"), "posture.json", bad);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().message == "posture.json: /policies/default/snmp/v1_v2c: must be \"forbidden\" or \"allowed\"");
}

TEST_CASE("the shipped golden DB declares SNMP for opengear, cisco-iosxe and generic-linux, public and private") {
  auto db = load_golden_db(attest::testing::source_path("firmware-db"));
  REQUIRE(db.ok());
  for (const char* profile : {"opengear", "cisco-iosxe", "generic-linux"}) {
    CAPTURE(profile);
    const auto& snmp = db->credentials.at(profile).snmp;
    REQUIRE(snmp);
    REQUIRE(snmp->communities.size() >= 2);
    CHECK(snmp->communities[0].community == "public");
    CHECK(snmp->communities[1].community == "private");
  }
  CHECK(db->find_posture("opengear")->snmp_v1_v2c_allowed == false);
}
