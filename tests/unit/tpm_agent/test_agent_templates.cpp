// Pure parts of the agent: templates, names, encodings, option parsing.
#include <doctest/doctest.h>

#include <tss2/tss2_mu.h>

#include <cstdlib>

#include "attest/tpm/agent/agent.hpp"
#include "attest/tpm/agent/marshal.hpp"
#include "attest/tpm/agent/templates.hpp"

using namespace attest;
using namespace attest::tpm;

TEST_CASE("the EK template is the TCG default L-1 with the PolicySecret(endorsement) authPolicy") {
  const TPMT_PUBLIC p = ek_rsa_template().publicArea;
  CHECK(p.type == TPM2_ALG_RSA);
  CHECK(p.objectAttributes == 0x000300b2);  // fixedTPM fixedParent sDO adminWithPolicy restricted decrypt
  CHECK(to_hex(Bytes(p.authPolicy.buffer, p.authPolicy.buffer + p.authPolicy.size)) ==
        "837197674484b3f81a90cc8d46a5d724fd52d76e06520b64f2a1da1b331469aa");
  CHECK(p.parameters.rsaDetail.keyBits == 2048);
  CHECK(p.parameters.rsaDetail.symmetric.algorithm == TPM2_ALG_AES);
  CHECK(p.unique.rsa.size == 256);
}

TEST_CASE("the ECC EK template is the TCG default L-2: P-256, AES-128-CFB, the same policy, 32+32 zero bytes of unique") {
  const TPMT_PUBLIC p = ek_template(EkAlg::ecc).publicArea;
  const TPMT_PUBLIC rsa = ek_template(EkAlg::rsa).publicArea;
  CHECK(p.type == TPM2_ALG_ECC);
  CHECK(p.nameAlg == TPM2_ALG_SHA256);
  CHECK(p.objectAttributes == 0x000300b2);
  CHECK(Bytes(p.authPolicy.buffer, p.authPolicy.buffer + p.authPolicy.size) ==
        Bytes(rsa.authPolicy.buffer, rsa.authPolicy.buffer + rsa.authPolicy.size));
  const TPMS_ECC_PARMS& e = p.parameters.eccDetail;
  CHECK(e.curveID == TPM2_ECC_NIST_P256);
  CHECK(e.symmetric.algorithm == TPM2_ALG_AES);
  CHECK(e.symmetric.keyBits.aes == 128);
  CHECK(e.symmetric.mode.aes == TPM2_ALG_CFB);
  CHECK(e.scheme.scheme == TPM2_ALG_NULL);
  CHECK(e.kdf.scheme == TPM2_ALG_NULL);
  CHECK(p.unique.ecc.x.size == 32);
  CHECK(p.unique.ecc.y.size == 32);
  CHECK(Bytes(p.unique.ecc.x.buffer, p.unique.ecc.x.buffer + 32) == Bytes(32, 0));
  CHECK(rsa.type == TPM2_ALG_RSA);
}

TEST_CASE("ek JSON carries the public key of each EK the agent created, and only those") {
  EkInfo ecc_only{{EkCertificate{0x01c0000a, "ecc", Bytes{0x30}}}, {}, Bytes{0, 1, 2}};
  const auto doc = ek_json(ecc_only);
  CHECK(doc["ek_public"].size() == 1);
  CHECK(doc["ek_public"]["ecc"] == "AAEC");
  CHECK(doc["certificates"][0]["nv_index"] == "0x01c0000a");
  EkInfo both{{}, Bytes{1}, Bytes{2}};
  CHECK(ek_json(both)["ek_public"].dump() == R"({"rsa":"AQ==","ecc":"Ag=="})");
}

TEST_CASE("--ek is parsed like --alg and named in its error") {
  CHECK(*parse_ak_alg("ecc", "--ek") == EkAlg::ecc);
  auto bad = parse_ak_alg("p256", "--ek");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().kind == ErrorKind::usage);
  CHECK(bad.error().message == "--ek must be ecc or rsa, not 'p256'");
}

TEST_CASE("AK templates are restricted signing keys that cannot decrypt") {
  for (AkAlg alg : {AkAlg::ecc, AkAlg::rsa}) {
    const TPMT_PUBLIC p = ak_template(alg).publicArea;
    CHECK(p.objectAttributes == 0x00050072);  // fixedTPM fixedParent sDO userWithAuth restricted sign
    CHECK((p.objectAttributes & TPMA_OBJECT_DECRYPT) == 0);
    CHECK(p.nameAlg == TPM2_ALG_SHA256);
  }
  CHECK(ak_template(AkAlg::ecc).publicArea.parameters.eccDetail.curveID == TPM2_ECC_NIST_P256);
  CHECK(ak_template(AkAlg::ecc).publicArea.parameters.eccDetail.scheme.scheme == TPM2_ALG_ECDSA);
  CHECK(ak_template(AkAlg::rsa).publicArea.parameters.rsaDetail.scheme.scheme == TPM2_ALG_RSASSA);
}

TEST_CASE("an object name is 000b followed by SHA-256 of the marshaled public area") {
  const TPMT_PUBLIC p = ak_template(AkAlg::ecc).publicArea;
  auto name = object_name(p);
  REQUIRE(name.ok());
  auto marshaled = marshal(p, Tss2_MU_TPMT_PUBLIC_Marshal, "TPMT_PUBLIC");
  REQUIRE(marshaled.ok());
  CHECK(to_hex(*name) == "000b" + sha256_hex(std::string(marshaled->begin(), marshaled->end())));
  TPMT_PUBLIC sha1_named = p;
  sha1_named.nameAlg = TPM2_ALG_SHA1;
  CHECK_FALSE(object_name(sha1_named).ok());
}

TEST_CASE("nonces are 1 to 64 bytes of hex") {
  CHECK(parse_nonce("00").ok());
  CHECK(parse_nonce(std::string(128, 'a')).ok());
  CHECK(parse_nonce("").error().kind == ErrorKind::usage);
  CHECK(parse_nonce(std::string(130, 'a')).error().kind == ErrorKind::usage);
  CHECK(parse_nonce("abc").error().kind == ErrorKind::usage);
  CHECK(parse_nonce("zz").error().kind == ErrorKind::usage);
}

TEST_CASE("a quote with no nonce or one longer than a TPM2B_DATA is refused before the TPM is asked") {
  const AgentOptions unreachable{"swtpm:host=127.0.0.1,port=1", std::chrono::milliseconds(1000)};
  const PcrSelection selection = {{kAlgSha256, {0}}};
  for (const Bytes& nonce : {Bytes{}, Bytes(65, 0xab)}) {
    CAPTURE(nonce.size());
    auto q = quote(unreachable, AkAlg::ecc, nonce, selection);
    REQUIRE_FALSE(q.ok());
    CHECK(q.error().kind == ErrorKind::usage);
    CHECK(q.error().message.find("1 to 64 bytes") != std::string::npos);
  }
}

TEST_CASE("base64 decoding inverts the util encoder and refuses junk") {
  const Bytes data = {0x00, 0x01, 0xfe, 0xff, 0x10};
  for (std::size_t n = 0; n <= data.size(); ++n) {
    const Bytes prefix(data.begin(), data.begin() + static_cast<long>(n));
    auto back = from_base64(to_base64(prefix), "x");
    REQUIRE(back.ok());
    CHECK(*back == prefix);
  }
  CHECK_FALSE(from_base64("a$==", "x").ok());
  CHECK_FALSE(from_base64("abcde", "x").ok());
}

TEST_CASE("unmarshaling refuses trailing bytes") {
  auto marshaled = marshal(ak_template(AkAlg::rsa), Tss2_MU_TPM2B_PUBLIC_Marshal, "TPM2B_PUBLIC");
  REQUIRE(marshaled.ok());
  CHECK(unmarshal(*marshaled, Tss2_MU_TPM2B_PUBLIC_Unmarshal, "TPM2B_PUBLIC").ok());
  marshaled->push_back(0);
  CHECK(unmarshal(*marshaled, Tss2_MU_TPM2B_PUBLIC_Unmarshal, "TPM2B_PUBLIC").error().kind == ErrorKind::input);
}

TEST_CASE("the TCTI comes from --tcti, then TPM2TOOLS_TCTI, TCTI, TSS2_TCTI") {
  ::unsetenv("TPM2TOOLS_TCTI");
  ::setenv("TCTI", "mssim:port=1", 1);
  ::setenv("TSS2_TCTI", "swtpm:port=2", 1);
  CHECK(resolve_tcti("") == "mssim:port=1");
  CHECK(resolve_tcti("device:/dev/tpmrm0") == "device:/dev/tpmrm0");
  ::setenv("TPM2TOOLS_TCTI", "swtpm:port=3", 1);
  CHECK(resolve_tcti("") == "swtpm:port=3");
  ::unsetenv("TPM2TOOLS_TCTI");
  ::unsetenv("TCTI");
  ::unsetenv("TSS2_TCTI");
  CHECK(resolve_tcti("").empty());
}

TEST_CASE("the quote JSON carries the contract's fields") {
  QuoteEvidence q;
  q.nonce = {0xab, 0xcd};
  q.selection = {{kAlgSha256, {0, 1}}};
  q.ak.ak_public = {1, 2, 3};
  q.ak.ak_name = {0x00, 0x0b};
  q.message = {4};
  q.signature = {5};
  q.pcrs[kAlgSha256][0] = Bytes(32, 0);
  q.pcrs[kAlgSha256][1] = Bytes(32, 0xff);
  const auto j = quote_json(q);
  CHECK(j["schema"] == "attest.quote/v1");
  CHECK(j["nonce"] == "abcd");
  CHECK(j["pcr_selection"] == "sha256:0,1");
  CHECK(j["ak_public"] == "AQID");
  CHECK(j["ak_name"] == "000b");
  CHECK(j["pcrs"]["sha256"]["1"] == std::string(64, 'f'));
}
