// Enrollment of a TPM that ships only an ECC EK certificate (L-2 P-256 in NV
// 0x01c0000a): which EK is challenged, that it is the certified one, and the
// credential for it activated by stock tpm2-tools on a real swtpm.
#include <doctest/doctest.h>

#include "attest/tpm/enroll/agent_json.hpp"
#include "attest/tpm/enroll/evidence.hpp"
#include "enroll_test_util.hpp"

namespace attest::tpm {
namespace {

using test::LabTpm;
using test::ecc_lab_tpm;

AgentEkCertificate cert_of(const std::string& index, const std::string& key) { return {index, key, Bytes{0x30}}; }

EnrollmentTrust trust_of(const LabTpm& tpm) { return {{tpm.tpm.root_ca_pem()}, {tpm.tpm.issuer_ca_pem()}, {}}; }

// Evidence as the engine builds it from an ECC-only TPM's agent answers.
EnrollmentEvidence ecc_evidence(const LabTpm& tpm) {
  EnrollmentEvidence ev;
  ev.device = "srv-ecc";
  ev.serial = "SN-ECC";
  ev.enrolled_at = "2026-12-01T23:00:00Z";
  ev.ek_certificates = {test::read_bytes(tpm.tpm.ek_ecc_p256_cert_path())};
  ev.ek_alg = "ecc";
  ev.ek_public = test::read_bytes(tpm.file("ek.pub"));
  ev.ak_public = test::read_bytes(tpm.file("ak.pub"));
  return ev;
}

// The L-2 ECC EK of the (RSA + P-384 certified) second lab TPM, by stock tpm2_createek.
Bytes other_tpm_ecc_ek() {
  const LabTpm& other = test::other_lab_tpm();
  REQUIRE(other.run("tpm2_createek -c " + other.file("ekecc.ctx") + " -G ecc -u " + other.file("ekecc.pub") +
                    " -f tss; rc=$?; tpm2_flushcontext -t; exit $rc") == 0);
  return test::read_bytes(other.file("ekecc.pub"));
}

}  // namespace

TEST_CASE("the RSA EK is challenged when its certificate is there, else the ECC EK with an ECC certificate") {
  AgentEk both{{cert_of("0x01c00002", "rsa"), cert_of("0x01c0000a", "ecc")}, Bytes{1}, Bytes{2}};
  auto rsa = choose_ek(both);
  REQUIRE(rsa.ok());
  CHECK(rsa->alg == "rsa");
  CHECK(rsa->ek_public == Bytes{1});
  AgentEk ecc_only{{cert_of("0x01c0000a", "ecc")}, {}, Bytes{2}};
  auto ecc = choose_ek(ecc_only);
  REQUIRE(ecc.ok());
  CHECK(ecc->alg == "ecc");
  CHECK(ecc->ek_public == Bytes{2});
  // An ECC certificate only, but the RSA EK reported too: still the ECC one.
  AgentEk ecc_cert_both_keys{{cert_of("0x01c0000a", "ecc")}, Bytes{1}, Bytes{2}};
  CHECK(choose_ek(ecc_cert_both_keys)->alg == "ecc");
}

TEST_CASE("a TPM whose reported EKs match no certificate type, or that has no certificate, is refused") {
  AgentEk rsa_cert_ecc_key{{cert_of("0x01c00002", "rsa")}, {}, Bytes{2}};
  auto mismatch = choose_ek(rsa_cert_ecc_key);
  REQUIRE_FALSE(mismatch.ok());
  CHECK(mismatch.error().kind == ErrorKind::crypto);
  CHECK(mismatch.error().message == "the agent reported the ecc EK, but the TPM holds no EK certificate of that type");
  AgentEk none{{}, Bytes{1}, {}};
  CHECK(choose_ek(none).error().message == "the TPM has no EK certificate");
}

TEST_CASE("attest.ek/v1 may carry only the ECC EK, but not neither") {
  auto ecc = parse_agent_ek_json(
      R"({"schema":"attest.ek/v1","certificates":[{"nv_index":"0x01c0000a","key":"ecc","der":"MA=="}],"ek_public":{"ecc":"AAEC"}})");
  REQUIRE_MESSAGE(ecc.ok(), (ecc.ok() ? "" : ecc.error().message));
  CHECK(ecc->ek_public_rsa.empty());
  CHECK(ecc->ek_public_ecc == Bytes{0, 1, 2});
  auto neither = parse_agent_ek_json(R"({"schema":"attest.ek/v1","certificates":[],"ek_public":{}})");
  REQUIRE_FALSE(neither.ok());
  CHECK(neither.error().message.find("/ek_public") != std::string::npos);
  CHECK(neither.error().message.find("must hold the \"rsa\" or the \"ecc\" EK public key") != std::string::npos);
}

TEST_CASE("a software credential for an ECC-only TPM's L-2 EK is activated by stock tpm2_activatecredential") {
  const LabTpm& tpm = ecc_lab_tpm();
  auto chosen = choose_ek({{cert_of("0x01c0000a", "ecc")}, {}, test::read_bytes(tpm.file("ek.pub"))});
  REQUIRE(chosen.ok());
  const Bytes secret = fresh_secret();
  auto challenge = make_credential(chosen->ek_public, test::read_bytes(tpm.file("ak.name")), secret);
  REQUIRE_MESSAGE(challenge.ok(), (challenge.ok() ? "" : challenge.error().message));
  CHECK(challenge->encrypted_secret.size() == 2 + 2 + 32 + 2 + 32);  // TPMS_ECC_POINT of the ephemeral key
  const auto activated = test::activate(tpm, *challenge, tpm.file("ek.ctx"), tpm.file("ak.ctx"));
  REQUIRE(activated.has_value());
  CHECK(secrets_equal(*activated, secret));
}

TEST_CASE("a credential made for another TPM's ECC EK is refused by the ECC-only TPM") {
  const LabTpm& tpm = ecc_lab_tpm();
  auto challenge = make_credential(other_tpm_ecc_ek(), test::read_bytes(tpm.file("ak.name")), fresh_secret());
  REQUIRE(challenge.ok());
  CHECK_FALSE(test::activate(tpm, *challenge, tpm.file("ek.ctx"), tpm.file("ak.ctx")).has_value());
}

TEST_CASE("the ECC EK is accepted when its certificate certifies it, refused with the reason when it does not") {
  const LabTpm& tpm = ecc_lab_tpm();
  EnrollmentEvidence ev = ecc_evidence(tpm);
  const Status certified = check_certified_ek(ev, trust_of(tpm));
  CHECK_MESSAGE(certified.ok(), (certified.ok() ? "" : certified.error().message));
  ev.ek_public = other_tpm_ecc_ek();
  const Status foreign = check_certified_ek(ev, trust_of(tpm));
  REQUIRE_FALSE(foreign.ok());
  CHECK(foreign.error().kind == ErrorKind::crypto);
  CHECK(foreign.error().message ==
        "srv-ecc: no EK certificate certifies the ecc EK public key the TPM reported (it is not the certified key)");
}

TEST_CASE("the full enrollment of an ECC-only TPM: challenge for the L-2 EK, stock activation, verified record") {
  const LabTpm& tpm = ecc_lab_tpm();
  EnrollmentEvidence ev = ecc_evidence(tpm);
  test::run_challenge(tpm, ev);
  auto rec = verify_enrollment_evidence(ev, trust_of(tpm));
  REQUIRE_MESSAGE(rec.ok(), (rec.ok() ? "" : rec.error().message));
  CHECK(rec->ek_public == test::read_bytes(tpm.file("ek.pub")));
  CHECK(rec->ek_certificate_issuer == "CN=swtpm-localca");
  // A secret that is not the challenge's (all a TPM without this EK could
  // return) is refused.
  ev.returned_secret = fresh_secret();
  CHECK_FALSE(verify_enrollment_evidence(ev, trust_of(tpm)).ok());
}

}  // namespace attest::tpm
