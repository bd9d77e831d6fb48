#include <doctest/doctest.h>

#include "quote_fixtures.hpp"

using namespace attest::tpm;
using attest::ErrorKind;
using attest::to_hex;
using quote_test::fails_with;
using quote_test::fixture;

TEST_CASE("a real tpm2_quote message parses into magic, type, signer, nonce, clock and PCR selection") {
  for (const char* kind : {"rsa", "ecc", "rsapss"}) {
    CAPTURE(kind);
    const auto c = quote_test::load(kind);
    auto q = parse_quote(c.msg);
    REQUIRE(q.ok());
    CHECK(q->magic == kTpmGeneratedValue);
    CHECK(q->type == kStAttestQuote);
    CHECK(q->qualified_signer == c.ak_qname);
    CHECK(to_hex(q->extra_data) == quote_test::fixture_text("nonce.hex"));
    CHECK(q->clock_info.safe);
    CHECK(to_string(q->pcr_selection) == "sha256:0,1,2,3,4,5,6,7");
    REQUIRE(q->pcr_banks.size() == 1);
    CHECK(q->pcr_digest.size() == 32);
  }
}

TEST_CASE("real tpm2_quote signatures parse as RSASSA, RSAPSS and DER ECDSA with SHA-256") {
  auto rsa = parse_signature(fixture("rsa.sig"));
  REQUIRE(rsa.ok());
  CHECK(rsa->sig_alg == kAlgRsassa);
  CHECK(rsa->hash_alg == kAlgSha256);
  CHECK(rsa->signature.size() == 256);
  auto pss = parse_signature(fixture("rsapss.sig"));
  REQUIRE(pss.ok());
  CHECK(pss->sig_alg == kAlgRsapss);
  auto ecc = parse_signature(fixture("ecc.sig"));
  REQUIRE(ecc.ok());
  CHECK(ecc->sig_alg == kAlgEcdsa);
  CHECK(ecc->signature.front() == 0x30);  // DER SEQUENCE
}

TEST_CASE("the serialized and the values PCR files of one quote give the same PCR values") {
  auto serialized = parse_pcr_file(fixture("rsa.pcrs"));
  REQUIRE(serialized.ok());
  CHECK(serialized->at(kAlgSha256).size() == 8);
  auto q = parse_quote(fixture("rsa.msg"));
  REQUIRE(q.ok());
  auto values = parse_pcr_values(fixture("rsa.pcrs.values"), q->pcr_banks);
  REQUIRE(values.ok());
  CHECK(*values == *serialized);
  CHECK(quote_pcr_digest(kAlgSha256, q->pcr_banks, *serialized) == q->pcr_digest);
}

TEST_CASE("a values PCR file that does not fill the selection exactly is refused") {
  const auto values = fixture("rsa.pcrs.values");
  const PcrBankList sel = to_bank_list(*parse_pcr_selection("sha256:0-7"));
  CHECK(fails_with(parse_pcr_values(std::span(values).first(255), sel), ErrorKind::parse, "truncated"));
  auto longer = values;
  longer.push_back(0);
  CHECK(fails_with(parse_pcr_values(longer, sel), ErrorKind::parse, "needs 256"));
}

TEST_CASE("the AK from TPM2B_PUBLIC equals the PEM tpm2_createak wrote, for RSA and ECC") {
  for (const char* kind : {"rsa", "ecc"}) {
    CAPTURE(kind);
    const auto c = quote_test::load(kind);
    auto key = public_key_from_tpm2b_public(c.ak_pub);
    REQUIRE_MESSAGE(key.ok(), (key.ok() ? "" : key.error().message));
    CHECK(EVP_PKEY_eq(key->get(), c.ak.get()) == 1);
  }
}

TEST_CASE("the AK Name and Qualified Name computed from the public areas match tpm2_createak's") {
  for (const char* kind : {"rsa", "ecc"}) {
    CAPTURE(kind);
    auto ak = parse_tpm2b_public(fixture(std::string(kind) + ".ak.pub"));
    auto ek = parse_tpm2b_public(fixture(std::string(kind) + ".ek.pub"));
    REQUIRE(ak.ok());
    REQUIRE(ek.ok());
    const auto ak_name = tpm_name(ak->tpmt_public);
    CHECK(ak_name == fixture(std::string(kind) + ".ak.name"));
    // QN(EK) = H(QN(endorsement hierarchy) || Name(EK)); QN(AK) = H(QN(EK) || Name(AK)).
    const auto ek_qn = tpm_qualified_name(hierarchy_qualified_name(kRhEndorsement), tpm_name(ek->tpmt_public));
    CHECK(tpm_qualified_name(ek_qn, ak_name) == fixture(std::string(kind) + ".ak.qname"));
  }
  auto rsa = parse_tpm2b_public(fixture("rsa.ak.pub"));
  CHECK(rsa->key_bits == 2048);
  CHECK((rsa->attributes & 0x00050072u) == 0x00050072u);  // fixedTPM fixedParent sensitiveDataOrigin userWithAuth restricted sign
  CHECK(parse_tpm2b_public(fixture("ecc.ak.pub"))->key_bits == 256);
}

TEST_CASE("a PEM that is not a public key is an input error") {
  CHECK(fails_with(load_public_key_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"),
                   ErrorKind::input, "public key PEM"));
  CHECK_FALSE(load_public_key_pem("").ok());
}
