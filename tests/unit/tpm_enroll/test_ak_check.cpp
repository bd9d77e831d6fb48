#include <doctest/doctest.h>

#include <functional>

#include <tss2/tss2_mu.h>

#include "attest/tpm/enroll/ak_check.hpp"
#include "enroll_test_util.hpp"

namespace attest::tpm {
namespace {

using test::lab_tpm;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The lab AK's public area with one change, marshaled again.
Bytes modified(const std::string& file, const std::function<void(TPMT_PUBLIC&)>& change) {
  const Bytes in = test::read_bytes(lab_tpm().file(file));
  TPM2B_PUBLIC pub{};
  std::size_t offset = 0;
  REQUIRE(Tss2_MU_TPM2B_PUBLIC_Unmarshal(in.data(), in.size(), &offset, &pub) == TSS2_RC_SUCCESS);
  change(pub.publicArea);
  Bytes out(sizeof(TPM2B_PUBLIC));
  offset = 0;
  REQUIRE(Tss2_MU_TPM2B_PUBLIC_Marshal(&pub, out.data(), out.size(), &offset) == TSS2_RC_SUCCESS);
  out.resize(offset);
  return out;
}

std::string refusal(const Bytes& pub) {
  auto check = check_ak_public(pub);
  REQUIRE_FALSE(check.ok());
  CHECK(check.error().kind == ErrorKind::crypto);
  return check.error().message;
}

}  // namespace

TEST_CASE("an ECC AK from tpm2_createak passes and its computed name equals tpm2-tools' ak.name") {
  auto check = check_ak_public(test::read_bytes(lab_tpm().file("ak.pub")));
  REQUIRE_MESSAGE(check.ok(), (check.ok() ? "" : check.error().message));
  CHECK(check->alg == "ecc");
  CHECK(check->name_alg == 0x000b);
  CHECK(check->name == test::read_bytes(lab_tpm().file("ak.name")));
  CHECK(check->key != nullptr);
}

TEST_CASE("an RSA AK from tpm2_createak passes with the same name as tpm2-tools") {
  auto check = check_ak_public(test::read_bytes(lab_tpm().file("akrsa.pub")));
  REQUIRE(check.ok());
  CHECK(check->alg == "rsa");
  CHECK(check->name == test::read_bytes(lab_tpm().file("akrsa.name")));
}

TEST_CASE("an unrestricted AK is refused, naming the property") {
  CHECK(contains(refusal(modified("ak.pub", [](TPMT_PUBLIC& p) { p.objectAttributes &= ~TPMA_OBJECT_RESTRICTED; })),
                 "not restricted"));
}

TEST_CASE("a key that can decrypt is refused") {
  CHECK(contains(refusal(modified("ak.pub", [](TPMT_PUBLIC& p) { p.objectAttributes |= TPMA_OBJECT_DECRYPT; })),
                 "decryption key"));
}

TEST_CASE("every missing property is named in one message") {
  const std::string msg = refusal(modified("ak.pub", [](TPMT_PUBLIC& p) {
    p.objectAttributes &= ~(TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN);
  }));
  CHECK(contains(msg, "not fixedTPM"));
  CHECK(contains(msg, "not fixedParent"));
  CHECK(contains(msg, "not sensitiveDataOrigin"));
}

TEST_CASE("an RSA-1024 AK is refused for its size") {
  const std::string msg = refusal(modified("akrsa.pub", [](TPMT_PUBLIC& p) {
    p.parameters.rsaDetail.keyBits = 1024;
    p.unique.rsa.size = 128;
  }));
  CHECK(contains(msg, "RSA key of 1024 bits"));
}

TEST_CASE("a SHA-1 nameAlg and a P-521 curve are refused") {
  CHECK(contains(refusal(modified("ak.pub", [](TPMT_PUBLIC& p) { p.nameAlg = TPM2_ALG_SHA1; })), "nameAlg 0x0004"));
  CHECK(contains(refusal(modified("ak.pub", [](TPMT_PUBLIC& p) { p.parameters.eccDetail.curveID = TPM2_ECC_NIST_P521; })),
                 "not NIST P-256 or P-384"));
}

TEST_CASE("AK bytes with trailing data or a short buffer are parse errors") {
  Bytes pub = test::read_bytes(lab_tpm().file("ak.pub"));
  pub.push_back(0);
  CHECK(check_ak_public(pub).error().kind == ErrorKind::parse);
  pub.resize(10);
  CHECK(check_ak_public(pub).error().kind == ErrorKind::parse);
  CHECK(check_ak_public(Bytes{}).error().kind == ErrorKind::parse);
}

}  // namespace attest::tpm
