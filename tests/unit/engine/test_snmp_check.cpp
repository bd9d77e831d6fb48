// The SNMP evaluators, from evidence values: no sockets.
#include <doctest/doctest.h>

#include "attest/engine/snmp_check.hpp"

using namespace attest;

namespace {

CredentialPolicy policy_with_snmp() {
  CredentialPolicy p;
  p.profile = "opengear";
  p.source = "db.json#/profiles/opengear";
  SnmpPolicy s;
  s.communities = {{"snmp-public", "public", "RFC 1157"}, {"snmp-private", "private", "vendor"}};
  s.source = "db.json#/profiles/opengear/snmp";
  p.snmp = s;
  return p;
}

SshPosturePolicy posture(std::optional<bool> allowed) {
  SshPosturePolicy p;
  p.source = "posture.json#/policies/default";
  p.snmp_v1_v2c_allowed = allowed;
  return p;
}

SnmpProbe probe(const char* id, const char* community, SnmpOutcome outcome, SnmpVersion v = SnmpVersion::v2c) {
  SnmpProbe p;
  p.community_id = id;
  p.community = community;
  p.version = v;
  p.port = 161;
  p.outcome = outcome;
  if (outcome == SnmpOutcome::answered) p.sys_descr = "PX3-5190R 4.0.20";
  if (outcome == SnmpOutcome::no_answer) p.detail = "no answer within 5000 ms";
  if (outcome == SnmpOutcome::error) p.detail = "snmp_sess_open: bad address";
  return p;
}

DeviceEvidence answering_private() {
  DeviceEvidence ev;
  ev.snmp = {probe("snmp-public", "public", SnmpOutcome::no_answer),
             probe("snmp-private", "private", SnmpOutcome::answered)};
  return ev;
}

Finding ssh_pass() { return Finding{check::kDefaultCredentials, CheckStatus::pass, "1 factory-default candidate(s) refused by the device", "db.json#/profiles/opengear"}; }

}  // namespace

TEST_CASE("a community that answers fails default-credentials, naming its id and the community") {
  const CredentialPolicy policy = policy_with_snmp();
  const Finding f = merge_snmp_defaults(ssh_pass(), answering_private(), &policy);
  CHECK(f.status == CheckStatus::fail);
  CHECK(f.detail == "default SNMP community answers: 'snmp-private' (community \"private\", SNMPv2c, UDP 161), "
                    "sysDescr 'PX3-5190R 4.0.20'");
  CHECK(f.rule == "db.json#/profiles/opengear/snmp");
}

TEST_CASE("communities that get no answer leave the SSH verdict standing and are counted") {
  const CredentialPolicy policy = policy_with_snmp();
  DeviceEvidence ev;
  ev.snmp = {probe("snmp-public", "public", SnmpOutcome::no_answer), probe("snmp-private", "private", SnmpOutcome::no_answer)};
  const Finding f = merge_snmp_defaults(ssh_pass(), ev, &policy);
  CHECK(f.status == CheckStatus::pass);
  CHECK(f.detail == "1 factory-default candidate(s) refused by the device; 2 SNMP request(s) unanswered (refused or filtered)");
}

TEST_CASE("an SNMP request that could not be sent makes default-credentials an error, not a pass") {
  const CredentialPolicy policy = policy_with_snmp();
  DeviceEvidence ev;
  ev.snmp = {probe("snmp-public", "public", SnmpOutcome::error), probe("snmp-private", "private", SnmpOutcome::no_answer)};
  const Finding f = merge_snmp_defaults(ssh_pass(), ev, &policy);
  CHECK(f.status == CheckStatus::error);
  CHECK(f.detail.find("'snmp-public' (community \"public\", SNMPv2c, UDP 161): snmp_sess_open: bad address") !=
        std::string::npos);
  DeviceEvidence none;
  CHECK(merge_snmp_defaults(ssh_pass(), none, &policy).status == CheckStatus::error);
}

TEST_CASE("an SSH default that logs in stays a failure and the answering community is added") {
  const CredentialPolicy policy = policy_with_snmp();
  Finding ssh = ssh_pass();
  ssh.status = CheckStatus::fail;
  ssh.detail = "factory-default credential logs in: 'opengear-root-default'";
  const Finding f = merge_snmp_defaults(ssh, answering_private(), &policy);
  CHECK(f.status == CheckStatus::fail);
  CHECK(f.detail.rfind("factory-default credential logs in: 'opengear-root-default'; default SNMP community answers: "
                       "'snmp-private'", 0) == 0);
}

TEST_CASE("a profile without an snmp block is left alone: no merge, no service-posture finding") {
  CredentialPolicy plain;
  const SshPosturePolicy p = posture(false);
  const Finding f = merge_snmp_defaults(ssh_pass(), answering_private(), &plain);
  CHECK(f.status == CheckStatus::pass);
  CHECK(f.detail == ssh_pass().detail);
  CHECK_FALSE(check_snmp_posture(answering_private(), &plain, &p).has_value());
  CHECK_FALSE(check_snmp_posture(answering_private(), nullptr, &p).has_value());
}

TEST_CASE("SNMPv2c answering fails service-posture where the policy forbids it and passes where allowed") {
  const CredentialPolicy policy = policy_with_snmp();
  const SshPosturePolicy forbidden = posture(false), allowed = posture(true);
  const auto f = check_snmp_posture(answering_private(), &policy, &forbidden);
  REQUIRE(f);
  CHECK(f->check == std::string(check::kServicePosture));
  CHECK(f->status == CheckStatus::fail);
  CHECK(f->detail.rfind("SNMPv1/v2c enabled (policy forbids it): 'snmp-private'", 0) == 0);
  CHECK(f->rule == "posture.json#/policies/default/snmp");
  const auto a = check_snmp_posture(answering_private(), &policy, &allowed);
  REQUIRE(a);
  CHECK(a->status == CheckStatus::pass);
}

TEST_CASE("service-posture passes when no default community answers, errors without a rule or any judged request") {
  const CredentialPolicy policy = policy_with_snmp();
  const SshPosturePolicy forbidden = posture(false), unsaid = posture(std::nullopt);
  DeviceEvidence quiet;
  quiet.snmp = {probe("snmp-public", "public", SnmpOutcome::no_answer), probe("snmp-private", "private", SnmpOutcome::no_answer)};
  const auto pass = check_snmp_posture(quiet, &policy, &forbidden);
  REQUIRE(pass);
  CHECK(pass->status == CheckStatus::pass);
  CHECK(pass->detail == "no SNMPv1/v2c answer to 2 default-community request(s)");
  CHECK(check_snmp_posture(quiet, &policy, &unsaid)->status == CheckStatus::error);
  CHECK(check_snmp_posture(quiet, &policy, nullptr)->status == CheckStatus::error);
  DeviceEvidence broken;
  broken.snmp = {probe("snmp-public", "public", SnmpOutcome::error)};
  CHECK(check_snmp_posture(broken, &policy, &forbidden)->status == CheckStatus::error);
}
