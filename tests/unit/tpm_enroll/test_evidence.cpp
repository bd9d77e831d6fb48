#include <doctest/doctest.h>

#include "attest/tpm/enroll/agent_json.hpp"
#include "attest/tpm/enroll/evidence.hpp"
#include "attest/util/files.hpp"
#include "enroll_test_util.hpp"

namespace attest::tpm {
namespace {

const std::string kDir = std::string(ATTEST_SOURCE_DIR) + "/tests/fixtures/tpm/enroll/";

std::string fixture(const std::string& name) { return *read_file(kDir + name); }

EnrollmentTrust fixture_trust() { return {{kDir + "lab-root.pem"}, {kDir + "lab-issuer.pem"}, {}}; }

// Evidence from the recorded agent outputs; the secret is the one activated.
EnrollmentEvidence fixture_evidence() {
  auto ek = parse_agent_ek_json(fixture("agent-ek.json"));
  auto ak = parse_agent_ak_json(fixture("agent-ak.json"));
  auto act = parse_agent_activation_json(fixture("agent-activation.json"));
  REQUIRE(ek.ok());
  REQUIRE(ak.ok());
  REQUIRE(act.ok());
  EnrollmentEvidence ev;
  ev.device = "srv-01";
  ev.serial = "SN-0001";
  ev.enrolled_at = "2026-11-29T12:39:00Z";
  for (const auto& c : ek->certificates) ev.ek_certificates.push_back(c.der);
  ev.ek_public = ek->ek_public_rsa;
  ev.ak_public = ak->ak_public;
  ev.ak_name_reported = ak->ak_name;
  ev.challenge_secret = act->secret;
  ev.returned_secret = act->secret;
  return ev;
}

}  // namespace

TEST_CASE("the agent's JSON outputs parse") {
  auto ek = parse_agent_ek_json(fixture("agent-ek.json"));
  REQUIRE_MESSAGE(ek.ok(), (ek.ok() ? "" : ek.error().message));
  REQUIRE(ek->certificates.size() == 1);
  CHECK(ek->certificates[0].nv_index == "0x01c00002");
  CHECK(ek->certificates[0].key == "rsa");
  CHECK(ek->ek_public_ecc.empty());
  auto ak = parse_agent_ak_json(fixture("agent-ak.json"));
  REQUIRE(ak.ok());
  CHECK(ak->alg == "ecc");
  CHECK(ak->ak_name.size() == 34);
  auto act = parse_agent_activation_json(fixture("agent-activation.json"));
  REQUIRE(act.ok());
  CHECK(act->secret.size() == 32);
}

TEST_CASE("malformed agent JSON is refused with a pointer") {
  auto bad_key = parse_agent_ek_json(
      R"({"schema":"attest.ek/v1","certificates":[{"nv_index":"0x01c00002","key":"dsa","der":"AA=="}],"ek_public":{"rsa":"AA=="}})");
  REQUIRE_FALSE(bad_key.ok());
  CHECK(bad_key.error().message.find("/certificates/0/key") != std::string::npos);
  auto bad_hex = parse_agent_activation_json(R"({"schema":"attest.activation/v1","secret":"xyz"})");
  REQUIRE_FALSE(bad_hex.ok());
  CHECK(bad_hex.error().message.find("/secret") != std::string::npos);
  CHECK_FALSE(parse_agent_ak_json(R"({"schema":"attest.ak/v1","alg":"ecc","ak_public":"AA==","ak_name":"00","x":1})").ok());
  CHECK_FALSE(parse_agent_ak_json("not json").ok());
}

TEST_CASE("recorded evidence from a real swtpm yields an enrollment record") {
  auto rec = verify_enrollment_evidence(fixture_evidence(), fixture_trust());
  REQUIRE_MESSAGE(rec.ok(), (rec.ok() ? "" : rec.error().message));
  CHECK(rec->ek_certificate_issuer == "CN=swtpm-localca");
  CHECK(rec->serial == "SN-0001");
  Enrollments e;
  e.site = "lab";
  record_enrollment(e, "srv-01", *rec);
  auto expected = parse_enrollments(fixture("enrollments.json"), "fixture");
  REQUIRE(expected.ok());
  CHECK(enrollments_to_json(e) == enrollments_to_json(*expected));
}

TEST_CASE("enrollment is refused when the activation secret differs") {
  EnrollmentEvidence ev = fixture_evidence();
  ev.returned_secret[0] ^= 1;
  auto rec = verify_enrollment_evidence(ev, fixture_trust());
  REQUIRE_FALSE(rec.ok());
  CHECK(rec.error().message.find("srv-01: credential activation returned a different secret") == 0);
}

TEST_CASE("enrollment is refused without a trusted chain or when the EK is not the certified one") {
  EnrollmentEvidence ev = fixture_evidence();
  CHECK_FALSE(verify_enrollment_evidence(ev, {{kDir + "lab-root.pem"}, {}, {}}).ok());
  ev.ek_public = test::read_bytes(test::other_lab_tpm().file("ek.pub"));
  auto rec = verify_enrollment_evidence(ev, fixture_trust());
  REQUIRE_FALSE(rec.ok());
  CHECK(rec.error().message.find("no EK certificate certifies") != std::string::npos);
}

TEST_CASE("enrollment is refused when the agent reports an AK name that is not its AK's") {
  EnrollmentEvidence ev = fixture_evidence();
  ev.ak_name_reported.back() ^= 1;
  CHECK_FALSE(verify_enrollment_evidence(ev, fixture_trust()).ok());
}

TEST_CASE("the full enrollment flow against a live swtpm: challenge, activate, verify") {
  const test::LabTpm& tpm = test::lab_tpm();
  EnrollmentEvidence ev;
  ev.device = "lab-a";
  ev.serial = "S";
  ev.enrolled_at = "2026-11-29T12:00:00Z";
  ev.ek_certificates = {test::read_bytes(tpm.tpm.ek_ecc_cert_path()), test::read_bytes(tpm.tpm.ek_rsa_cert_path())};
  ev.ek_public = test::read_bytes(tpm.file("ek.pub"));
  ev.ak_public = test::read_bytes(tpm.file("ak.pub"));
  test::run_challenge(tpm, ev);
  auto rec = verify_enrollment_evidence(ev, {{tpm.tpm.root_ca_pem()}, {tpm.tpm.issuer_ca_pem()}, {}});
  REQUIRE_MESSAGE(rec.ok(), (rec.ok() ? "" : rec.error().message));
  CHECK(rec->ak_name == test::read_bytes(tpm.file("ak.name")));
}

}  // namespace attest::tpm
