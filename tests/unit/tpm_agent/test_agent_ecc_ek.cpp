// The agent on a TPM that ships only an ECC EK certificate (L-2, NV
// 0x01c0000a): the EK it reports and the activation under it, cross-checked
// with OpenSSL and stock tpm2-tools. One such swtpm serves the whole file.
#include <doctest/doctest.h>

#include <openssl/core_names.h>
#include <openssl/x509.h>

#include "agent_test_util.hpp"
#include "attest/util/openssl_ptr.hpp"

using namespace attest;
using namespace attest::tpm;
using attest::testing::AgentTpm;

namespace {

AgentTpm& ecc_only_tpm() {
  static AgentTpm t("ecc-only", lab::EkCerts::ecc_only);
  return t;
}

// 04 || x || y of the certificate's EC key.
Bytes certificate_point(const Bytes& der) {
  const unsigned char* p = der.data();
  X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  REQUIRE(cert);
  unsigned char point[133];
  std::size_t len = 0;
  REQUIRE(EVP_PKEY_get_octet_string_param(X509_get0_pubkey(cert.get()), OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point,
                                          &len) == 1);
  return Bytes(point, point + len);
}

Bytes tpm_point(const TPMS_ECC_POINT& q) {
  Bytes out{0x04};
  out.insert(out.end(), q.x.buffer, q.x.buffer + q.x.size);
  out.insert(out.end(), q.y.buffer, q.y.buffer + q.y.size);
  return out;
}

// stdout of `command` (one or several tools) run by sh with the TPM's TCTI.
std::string run_tcti(const AgentTpm& t, const std::string& command, int* status = nullptr) {
  return testing::capture("TPM2TOOLS_TCTI='" + t.tpm.tcti() + "' sh -c '" + command + "' 2>/dev/null", status);
}

}  // namespace

TEST_CASE("ek on an ECC-only TPM: NV 0x01c0000a is read and the L-2 EK it certifies is reported, no RSA EK") {
  AgentTpm& t = ecc_only_tpm();
  auto ek = read_ek(t.options);
  REQUIRE_MESSAGE(ek.ok(), ek.error().message);
  REQUIRE(ek->certificates.size() == 1);
  CHECK(ek->certificates[0].nv_index == 0x01c0000a);
  CHECK(ek->certificates[0].key == "ecc");
  CHECK(ek->certificates[0].der == testing::read_bytes(t.tpm.ek_ecc_p256_cert_path()));
  CHECK(ek->ek_public_rsa.empty());
  const TPMT_PUBLIC p = testing::public_of(ek->ek_public_ecc).publicArea;
  CHECK(p.type == TPM2_ALG_ECC);
  CHECK(p.parameters.eccDetail.curveID == TPM2_ECC_NIST_P256);
  CHECK(tpm_point(p.unique.ecc) == certificate_point(ek->certificates[0].der));
  CHECK(ek_json(*ek)["ek_public"].dump().find("\"rsa\"") == std::string::npos);
  // The key stock tpm2_createek -G ecc derives, byte for byte.
  int status = -1;
  run_tcti(t, "tpm2_createek -c " + (t.dir / "ek.ctx").string() + " -G ecc -u " + (t.dir / "createek.pub").string() +
                  " -f tss && tpm2_flushcontext -t",
           &status);
  REQUIRE(status == 0);
  CHECK(testing::read_bytes(t.dir / "createek.pub") == ek->ek_public_ecc);
  CHECK(run_tcti(t, "tpm2_getcap handles-transient") == "");
}

TEST_CASE("activate --ek ecc gives back the secret of a stock tpm2_makecredential for the ECC EK; the RSA EK cannot") {
  AgentTpm& t = ecc_only_tpm();
  auto ek = read_ek(t.options);
  REQUIRE(ek.ok());
  auto ak = read_ak(t.options, AkAlg::ecc);
  REQUIRE(ak.ok());
  testing::write_bytes(t.dir / "ekecc.pub", ek->ek_public_ecc);
  const Bytes plain{'e', 'c', 'c', '-', 'e', 'k', '-', 's', 'e', 'c', 'r', 'e', 't'};
  const auto [blob, secret] = testing::stock_makecredential(t.dir, (t.dir / "ekecc.pub").string(), plain, ak->ak_name);
  auto recovered = activate(t.options, AkAlg::ecc, EkAlg::ecc, blob, secret);
  REQUIRE_MESSAGE(recovered.ok(), recovered.error().message);
  CHECK(*recovered == plain);
  auto under_rsa = activate(t.options, AkAlg::ecc, EkAlg::rsa, blob, secret);
  REQUIRE_FALSE(under_rsa.ok());
  CHECK(under_rsa.error().message.find("this TPM's rsa EK") != std::string::npos);
  CHECK(run_tcti(t, "tpm2_getcap handles-transient") == "");
}

TEST_CASE("a credential made for another TPM's ECC EK is refused by this TPM") {
  AgentTpm& t = ecc_only_tpm();
  AgentTpm other("ecc-other", lab::EkCerts::ecc_only);
  auto other_ek = read_ek(other.options);
  REQUIRE(other_ek.ok());
  auto mine = read_ek(t.options);
  REQUIRE(mine.ok());
  REQUIRE(other_ek->ek_public_ecc != mine->ek_public_ecc);
  testing::write_bytes(other.dir / "ekecc.pub", other_ek->ek_public_ecc);
  auto ak = read_ak(t.options, AkAlg::ecc);
  REQUIRE(ak.ok());
  const auto [blob, secret] =
      testing::stock_makecredential(other.dir, (other.dir / "ekecc.pub").string(), Bytes(16, 0x42), ak->ak_name);
  auto recovered = activate(t.options, AkAlg::ecc, EkAlg::ecc, blob, secret);
  REQUIRE_FALSE(recovered.ok());
  CHECK(recovered.error().message.find("Esys_ActivateCredential") != std::string::npos);
  // The TPM it was made for gives such a credential back (for its own AK):
  // the refusal above is about the EK, not a broken credential.
  auto other_ak = read_ak(other.options, AkAlg::ecc);
  REQUIRE(other_ak.ok());
  const auto [their_blob, their_secret] =
      testing::stock_makecredential(other.dir, (other.dir / "ekecc.pub").string(), Bytes(16, 0x42), other_ak->ak_name);
  auto theirs = activate(other.options, AkAlg::ecc, EkAlg::ecc, their_blob, their_secret);
  REQUIRE_MESSAGE(theirs.ok(), theirs.error().message);
  CHECK(*theirs == Bytes(16, 0x42));
}
