// Truncated, oversized and garbage inputs for the three tpm2_quote files:
// always an error value, never a crash (run under ASan in sanitizer builds).
#include <doctest/doctest.h>

#include <random>

#include "quote_fixtures.hpp"

using namespace attest::tpm;
using attest::Bytes;
using attest::ErrorKind;

namespace {

Bytes garbage(std::size_t size, unsigned seed) {
  std::mt19937 rng(seed);
  Bytes out(size);
  for (auto& b : out) b = static_cast<std::uint8_t>(rng());
  return out;
}

}  // namespace

TEST_CASE("every truncation of a real message, signature and PCR file is refused as a parse error") {
  const auto c = quote_test::load("rsa");
  for (std::size_t n = 0; n < c.msg.size(); ++n) CHECK(parse_quote(std::span(c.msg).first(n)).error().kind == ErrorKind::parse);
  for (std::size_t n = 0; n < c.sig.size(); ++n) CHECK_FALSE(parse_signature(std::span(c.sig).first(n)).ok());
  for (std::size_t n = 0; n < c.pcr_file.size(); ++n) CHECK_FALSE(parse_pcr_file(std::span(c.pcr_file).first(n)).ok());
  const auto ecc = quote_test::load("ecc");
  for (std::size_t n = 0; n < ecc.sig.size(); ++n) CHECK_FALSE(parse_signature(std::span(ecc.sig).first(n)).ok());
}

TEST_CASE("oversized inputs are refused") {
  const auto c = quote_test::load("ecc");
  Bytes big = c.msg;
  big.resize(70000, 0xff);
  CHECK_FALSE(parse_quote(big).ok());
  big = c.pcr_file;
  big.resize(c.pcr_file.size() + 532, 0);
  CHECK(quote_test::fails_with(parse_pcr_file(big), ErrorKind::parse, "digest lists"));
  big = c.sig;
  big.resize(70000, 0);
  CHECK_FALSE(parse_signature(big).ok());
}

TEST_CASE("random garbage never verifies and never crashes the parsers") {
  const auto c = quote_test::load("ecc");
  const auto policy = quote_test::fixture_policy();
  for (unsigned seed = 0; seed < 300; ++seed) {
    const Bytes g = garbage(seed % 700, seed);
    CHECK_FALSE(verify_quote(g, c.sig, c.pcrs, c.ak.get(), policy).ok());
    CHECK_FALSE(verify_quote(c.msg, g, c.pcrs, c.ak.get(), policy).ok());
    (void)parse_pcr_file(g);
    (void)parse_pcr_values(g, c.ak ? to_bank_list(policy.required) : PcrBankList{});
    (void)public_key_from_tpm2b_public(g);
  }
}

TEST_CASE("single bit flips anywhere in a real quote never let it verify") {
  const auto c = quote_test::load("ecc");
  const auto policy = quote_test::fixture_policy();
  for (std::size_t i = 0; i < c.msg.size() * 8; ++i) {
    Bytes m = c.msg;
    m[i / 8] = static_cast<std::uint8_t>(m[i / 8] ^ (1u << (i % 8)));
    CHECK_FALSE(verify_quote(m, c.sig, c.pcrs, c.ak.get(), policy).ok());
  }
  for (std::size_t i = 0; i < c.sig.size() * 8; ++i) {
    Bytes s = c.sig;
    s[i / 8] = static_cast<std::uint8_t>(s[i / 8] ^ (1u << (i % 8)));
    CHECK_FALSE(verify_quote(c.msg, s, c.pcrs, c.ak.get(), policy).ok());
  }
}

TEST_CASE("a PCR file with a corrupt selection or digest size is refused with the reason") {
  const auto c = quote_test::load("rsa");
  Bytes f = c.pcr_file;
  f[0] = 0;  // selection count 0
  CHECK(quote_test::fails_with(parse_pcr_file(f), ErrorKind::parse, "selection count 0"));
  f = c.pcr_file;
  f[4] = 0x99;  // unknown hash algorithm in bank 0
  CHECK(quote_test::fails_with(parse_pcr_file(f), ErrorKind::parse, "unknown hash algorithm"));
  f = c.pcr_file;
  f[132 + 4 + 4] = 20;  // first digest claims 20 bytes: not a SHA-256 digest
  CHECK(quote_test::fails_with(parse_pcr_file(f), ErrorKind::parse, "has 20 bytes"));
}

// Found by fuzz_tpm_public: tss2-mu 3.2 unmarshals a TPM2B_PUBLIC without
// checking its size field against the TPMT_PUBLIC it holds.
TEST_CASE("a TPM2B_PUBLIC whose size field is not the size of its TPMT_PUBLIC is refused") {
  for (const char* kind : {"rsa", "ecc"}) {
    Bytes pub = quote_test::fixture(std::string(kind) + ".ak.pub");
    REQUIRE(parse_tpm2b_public(pub).ok());
    pub[1] = static_cast<std::uint8_t>(pub[1] - 1);
    CHECK(quote_test::fails_with(parse_tpm2b_public(pub), ErrorKind::parse, "size field"));
    CHECK_FALSE(public_key_from_tpm2b_public(pub).ok());
  }
}
