#include <doctest/doctest.h>

#include "attest/config/golden_loader.hpp"
#include "config_test_util.hpp"

using namespace attest;
using attest::testing::with;
using attest::testing::without;

namespace {

const std::string kPosture = R"({
  "schema": "attest.posture/v1",
  "policies": {
    "default": {"source": "ssh-audit 2.5 policy",
                "forbidden": {"kex": ["diffie-hellman-group1-sha1"], "ciphers": ["3des-cbc"]},
                "required": {"kex": ["curve25519-sha256"]},
                "min_rsa_bits": 3072, "password_auth_allowed": true,
                "must_be_closed": [{"service": "telnet", "port": 23}]},
    "opengear": {"source": "vendor hardening guide", "banner_may_reveal_version": false}
  }})";

// The refusal's message ("accepted" if there was none); refusals are input errors.
std::string posture_error(const std::string& text, GoldenDb db = {}) {
  const Status status = parse_posture_file(text, "posture.json", db);
  if (status.ok()) return "accepted";
  CHECK(status.error().kind == ErrorKind::input);
  return status.error().message;
}

}  // namespace

TEST_CASE("a posture file gives the site default and per-profile policies with their pointers") {
  GoldenDb db;
  REQUIRE(parse_posture_file(kPosture, "posture.json", db).ok());
  const SshPosturePolicy* site = db.find_posture("arista-eos");
  REQUIRE(site != nullptr);
  CHECK(site->profile.empty());
  CHECK(site->source == "posture.json#/policies/default");
  CHECK(site->citation == "ssh-audit 2.5 policy");
  CHECK(site->forbidden_ciphers == std::vector<std::string>{"3des-cbc"});
  CHECK(site->required_kex == std::vector<std::string>{"curve25519-sha256"});
  CHECK(site->min_rsa_bits == 3072);
  REQUIRE(site->must_be_closed.size() == 1);
  CHECK(site->must_be_closed[0].port == 23);
  const SshPosturePolicy* og = db.find_posture("opengear");
  REQUIRE(og != nullptr);
  CHECK(og->source == "posture.json#/policies/opengear");
  CHECK_FALSE(og->banner_may_reveal_version);
  CHECK(og->forbidden_kex.empty());  // replaces the default whole
  CHECK(og->must_be_closed.empty());
}

TEST_CASE("the shipped golden DB has a site default posture with telnet closed") {
  auto db = load_golden_db(attest::testing::source_path("firmware-db"));
  REQUIRE_MESSAGE(db.ok(), db.error().message);
  const SshPosturePolicy* site = db->find_posture("cisco-iosxe");
  REQUIRE(site != nullptr);
  CHECK(site->source.ends_with("posture/site.json#/policies/default"));
  CHECK(site->password_auth_allowed);
  REQUIRE_FALSE(site->must_be_closed.empty());
  CHECK(site->must_be_closed[0].service == "telnet");
}

TEST_CASE("a posture policy without a source is refused") {
  CHECK(posture_error(without(kPosture, "/policies/default/source")) ==
        "posture.json: /policies/default/source: required field is missing");
}

TEST_CASE("bad posture files name the file, the pointer and what is wrong") {
  CHECK(posture_error(with(kPosture, "/policies/juniper", OrderedJson::object({{"source", "x"}}))) ==
        "posture.json: /policies/juniper: unknown profile 'juniper'");
  CHECK(posture_error(with(kPosture, "/policies/default/forbidden/kex/0", "a,b")) ==
        "posture.json: /policies/default/forbidden/kex/0: is not an SSH algorithm name");
  CHECK(posture_error(with(kPosture, "/policies/default/required/kex/0", "diffie-hellman-group1-sha1")) ==
        "posture.json: /policies/default/required/kex/0: 'diffie-hellman-group1-sha1' is both forbidden and required");
  CHECK(posture_error(with(kPosture, "/policies/default/must_be_closed/0/port", 70000)).starts_with(
      "posture.json: /policies/default/must_be_closed/0/port: "));
  CHECK(posture_error(with(kPosture, "/policies/default/forbidden/compression", OrderedJson::array())) ==
        "posture.json: /policies/default/forbidden/compression: unknown field (expected one of: kex, host_key, ciphers, macs)");
  CHECK(posture_error(with(kPosture, "/schema", "attest.posture/v2")).starts_with("posture.json: /schema: "));
}

TEST_CASE("the site default or a profile defined in two files is refused") {
  GoldenDb db;
  REQUIRE(parse_posture_file(kPosture, "a.json", db).ok());
  CHECK(posture_error(without(kPosture, "/policies/opengear"), db) ==
        "posture.json: /policies/default: the site default posture is defined twice (first in a.json#/policies/default)");
}
