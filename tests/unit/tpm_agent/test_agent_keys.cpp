// EK, AK and credential activation against a real swtpm, cross-checked with
// OpenSSL and stock tpm2-tools.
#include <doctest/doctest.h>

#include <openssl/core_names.h>
#include <openssl/x509.h>
#include <tss2/tss2_mu.h>

#include "agent_test_util.hpp"
#include "attest/tpm/agent/marshal.hpp"
#include "attest/util/openssl_ptr.hpp"

using namespace attest;
using namespace attest::tpm;
using attest::testing::AgentTpm;

namespace {

Bytes certificate_modulus(const Bytes& der) {
  const unsigned char* p = der.data();
  X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  REQUIRE(cert);
  BIGNUM* n = nullptr;
  REQUIRE(EVP_PKEY_get_bn_param(X509_get0_pubkey(cert.get()), OSSL_PKEY_PARAM_RSA_N, &n) == 1);
  Bytes out(static_cast<std::size_t>(BN_num_bytes(n)));
  BN_bn2bin(n, out.data());
  BN_free(n);
  return out;
}

}  // namespace

using testing::public_of;

TEST_CASE("ek: the RSA and ECC EK certificates are read and the RSA one certifies the L-1 EK") {
  AgentTpm t("ek");
  auto ek = read_ek(t.options);
  REQUIRE_MESSAGE(ek.ok(), ek.error().message);
  std::vector<std::uint32_t> indices;
  for (const auto& c : ek->certificates) indices.push_back(c.nv_index);
  CHECK(indices == std::vector<std::uint32_t>{0x01c00002, 0x01c00016});
  CHECK(ek->certificates.at(0).key == "rsa");
  CHECK(ek->certificates.at(1).key == "ecc");
  // The DER in NV is the certificate swtpm_setup wrote.
  CHECK(ek->certificates.at(0).der == testing::read_bytes(t.tpm.ek_rsa_cert_path()));
  const TPM2B_PUBLIC ek_pub = public_of(ek->ek_public_rsa);
  const Bytes modulus(ek_pub.publicArea.unique.rsa.buffer, ek_pub.publicArea.unique.rsa.buffer + ek_pub.publicArea.unique.rsa.size);
  CHECK(modulus == certificate_modulus(ek->certificates.at(0).der));
  CHECK(ek_json(*ek)["certificates"][0]["nv_index"] == "0x01c00002");
  // And it is the key stock tpm2_createek derives.
  const auto pub_path = t.dir / "createek.pub";
  REQUIRE(testing::run_with_tcti(t.tpm.tcti(), "tpm2_createek -c " + (t.dir / "ek.ctx").string() + " -G rsa -u " +
                                                   pub_path.string() + " -f tss >/dev/null 2>&1") == 0);
  CHECK(testing::run_with_tcti(t.tpm.tcti(), "tpm2_flushcontext -t >/dev/null 2>&1") == 0);
  CHECK(testing::read_bytes(pub_path) == ek->ek_public_rsa);
}

TEST_CASE("ak: the same AK comes back on every call, with the specified attributes and a name we can compute") {
  AgentTpm t("ak");
  for (AkAlg alg : {AkAlg::ecc, AkAlg::rsa}) {
    CAPTURE(to_string(alg));
    auto first = read_ak(t.options, alg);
    REQUIRE_MESSAGE(first.ok(), first.error().message);
    auto second = read_ak(t.options, alg);
    REQUIRE(second.ok());
    CHECK(first->ak_public == second->ak_public);
    CHECK(first->ak_name == second->ak_name);
    const TPMT_PUBLIC p = public_of(first->ak_public).publicArea;
    CHECK(p.objectAttributes == (TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN |
                                 TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_SIGN_ENCRYPT));
    CHECK(p.type == (alg == AkAlg::ecc ? TPM2_ALG_ECC : TPM2_ALG_RSA));
    auto computed = object_name(p);
    REQUIRE(computed.ok());
    CHECK(*computed == first->ak_name);
    CHECK(to_hex(first->ak_name).substr(0, 4) == "000b");
  }
  // Nothing left loaded: swtpm's 3 object slots are free for the next caller.
  CHECK(testing::capture("TPM2TOOLS_TCTI='" + t.tpm.tcti() + "' tpm2_getcap handles-transient") == "");
}

TEST_CASE("activate: a credential from stock tpm2_makecredential for our EK and AK name gives back its secret") {
  AgentTpm t("activate");
  auto ek = read_ek(t.options);
  REQUIRE(ek.ok());
  testing::write_bytes(t.dir / "ek.pub", ek->ek_public_rsa);
  const Bytes plain{'a', 't', 't', 'e', 's', 't', '-', 's', 'e', 'c', 'r', 'e', 't'};
  auto make = [&](const Bytes& name) {
    return testing::stock_makecredential(t.dir, (t.dir / "ek.pub").string(), plain, name);
  };
  for (AkAlg alg : {AkAlg::ecc, AkAlg::rsa}) {
    CAPTURE(to_string(alg));
    auto ak = read_ak(t.options, alg);
    REQUIRE(ak.ok());
    const auto [blob, secret] = make(ak->ak_name);
    auto recovered = activate(t.options, alg, EkAlg::rsa, blob, secret);
    REQUIRE_MESSAGE(recovered.ok(), recovered.error().message);
    CHECK(to_hex(*recovered) == to_hex(testing::read_bytes(t.dir / "secret")));
  }
  SUBCASE("a credential made for another AK name is refused by the TPM") {
    auto ak = read_ak(t.options, AkAlg::ecc);
    REQUIRE(ak.ok());
    Bytes wrong = ak->ak_name;
    wrong.back() ^= 1;
    const auto [blob, secret] = make(wrong);
    auto recovered = activate(t.options, AkAlg::ecc, EkAlg::rsa, blob, secret);
    REQUIRE_FALSE(recovered.ok());
    CHECK(recovered.error().message.find("Esys_ActivateCredential") != std::string::npos);
    MESSAGE(recovered.error().message);
  }
  SUBCASE("garbage credential bytes are bad input, refused before the TPM is asked") {
    auto recovered = activate(t.options, AkAlg::ecc, EkAlg::rsa, Bytes{0, 5, 1}, Bytes{0, 0});
    REQUIRE_FALSE(recovered.ok());
    CHECK(recovered.error().kind == ErrorKind::input);
  }
}

TEST_CASE("ak --persist: the AK lands at the handle, again is a no-op, another object there is refused") {
  AgentTpm t("persist");
  auto ak = persist_ak(t.options, AkAlg::ecc, 0x81010002);
  REQUIRE_MESSAGE(ak.ok(), ak.error().message);
  CHECK(ak->persistent_handle == 0x81010002u);
  CHECK(ak_json(*ak)["persistent_handle"] == "0x81010002");
  // Stock tools see the very key the agent derives.
  const std::string tcti = "TPM2TOOLS_TCTI='" + t.tpm.tcti() + "' ";
  int status = -1;
  const std::string name =
      testing::capture(tcti + "tpm2_readpublic -c 0x81010002 2>/dev/null | sed -n 's/^name: //p'", &status);
  CHECK(status == 0);
  CHECK(name == to_hex(ak->ak_name) + "\n");

  auto again = persist_ak(t.options, AkAlg::ecc, 0x81010002);
  REQUIRE_MESSAGE(again.ok(), again.error().message);
  CHECK(again->ak_public == ak->ak_public);

  auto other = persist_ak(t.options, AkAlg::rsa, 0x81010002);
  REQUIRE_FALSE(other.ok());
  CHECK(other.error().kind == ErrorKind::input);
  CHECK(other.error().message.find("persistent handle 0x81010002 holds another object") != std::string::npos);
  // Nothing left loaded: swtpm has 3 object slots and no resource manager.
  CHECK(testing::capture(tcti + "tpm2_getcap handles-transient") == "");
}
