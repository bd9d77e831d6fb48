// Forged quotes: a software key signs modified TPMS_ATTEST bytes. Stock
// tpm2_checkquote 5.4 accepted some of these (bad magic; zeroed pcrDigest
// without -f; a non-quote type). Each must be refused with its own reason.
#include <doctest/doctest.h>

#include <cstring>

#include "quote_fixtures.hpp"

using namespace attest::tpm;
using attest::ErrorKind;
using quote_test::fails_with;

namespace {

attest::Result<VerifiedQuote> verify_forgery(const quote_test::Forgery& f) {
  return verify_quote(f.msg, f.sig, quote_test::load("ecc").pcrs, f.key.get(), quote_test::fixture_policy());
}

}  // namespace

TEST_CASE("the forger's unmodified re-signed quote verifies, so each refusal below is for its own reason") {
  const auto f = quote_test::forge(quote_test::fixture("ecc.msg"), [](TPMS_ATTEST&) {});
  CHECK(verify_forgery(f).ok());
}

TEST_CASE("a forged quote with a bad magic is refused") {
  const auto f = quote_test::forge(quote_test::fixture("ecc.msg"), [](TPMS_ATTEST& a) { a.magic = 0xdeadbeef; });
  CHECK(fails_with(verify_forgery(f), ErrorKind::crypto, "magic 0xdeadbeef is not TPM_GENERATED_VALUE"));
}

TEST_CASE("a forged attestation of another type (certify) is refused as not a quote") {
  const auto f = quote_test::forge(quote_test::fixture("ecc.msg"), [](TPMS_ATTEST& a) {
    a.type = TPM2_ST_ATTEST_CERTIFY;
    a.attested.certify = TPMS_CERTIFY_INFO{};
    a.attested.certify.name.size = 2;
    a.attested.certify.qualifiedName.size = 2;
  });
  CHECK(fails_with(verify_forgery(f), ErrorKind::crypto, "type 0x00008017 is not TPM_ST_ATTEST_QUOTE"));
}

TEST_CASE("a forged quote with a zeroed pcrDigest is refused") {
  const auto f = quote_test::forge(quote_test::fixture("ecc.msg"), [](TPMS_ATTEST& a) {
    std::memset(a.attested.quote.pcrDigest.buffer, 0, a.attested.quote.pcrDigest.size);
  });
  CHECK(fails_with(verify_forgery(f), ErrorKind::crypto, "pcrDigest 0000"));
}

TEST_CASE("a forged quote with an empty PCR selection is refused when the policy requires PCRs") {
  const auto f = quote_test::forge(quote_test::fixture("ecc.msg"), [](TPMS_ATTEST& a) {
    a.attested.quote.pcrSelect.count = 0;
  });
  CHECK(fails_with(verify_forgery(f), ErrorKind::crypto, "required PCR sha256:0"));
}

TEST_CASE("a quote whose clock is not safe is refused") {
  const auto f = quote_test::forge(quote_test::fixture("ecc.msg"), [](TPMS_ATTEST& a) { a.clockInfo.safe = 0; });
  CHECK(fails_with(verify_forgery(f), ErrorKind::crypto, "clockInfo.safe is 0"));
}

TEST_CASE("a quote signed over SHA-1 is refused by the default policy") {
  const auto f = quote_test::forge(quote_test::fixture("ecc.msg"), [](TPMS_ATTEST&) {}, kAlgSha1);
  CHECK(fails_with(verify_forgery(f), ErrorKind::crypto, "signature hash sha1 is not allowed"));
}
