#include <doctest/doctest.h>

#include "quote_fixtures.hpp"

using namespace attest::tpm;
using attest::ErrorKind;
using quote_test::fails_with;

TEST_CASE("genuine RSASSA, RSAPSS and ECDSA quotes from swtpm verify and report the TPM counters") {
  for (const char* kind : {"rsa", "ecc", "rsapss"}) {
    CAPTURE(kind);
    const auto c = quote_test::load(kind);
    auto policy = quote_test::fixture_policy();
    policy.expected_signer_name = c.ak_qname;
    auto v = verify_quote(c.msg, c.sig, c.pcrs, c.ak.get(), policy);
    REQUIRE_MESSAGE(v.ok(), (v.ok() ? "" : v.error().message));
    CHECK(v->hash_alg == kAlgSha256);
    CHECK(v->pcrs.at(kAlgSha256).size() == 8);
    CHECK(v->reset_count == v->quote.clock_info.reset_count);
    CHECK_FALSE(v->rebooted);
  }
}

TEST_CASE("a quote with another nonce is refused as a replay") {
  const auto c = quote_test::load("rsa");
  auto policy = quote_test::fixture_policy();
  policy.nonce[0] ^= 1;
  CHECK(fails_with(verify_quote(c.msg, c.sig, c.pcrs, c.ak.get(), policy), ErrorKind::crypto, "is not the nonce"));
}

TEST_CASE("a policy without a nonce verifies nothing: a quote over no nonce could be a replay") {
  const auto c = quote_test::load("rsa");
  auto policy = quote_test::fixture_policy();
  policy.nonce.clear();
  CHECK(fails_with(verify_quote(c.msg, c.sig, c.pcrs, c.ak.get(), policy), ErrorKind::usage, "no nonce"));
}

TEST_CASE("a quote message with one byte changed fails its signature") {
  for (const char* kind : {"rsa", "ecc", "rsapss"}) {
    CAPTURE(kind);
    auto c = quote_test::load(kind);
    c.msg[c.msg.size() - 1] ^= 0x01;  // last byte of pcrDigest
    CHECK(fails_with(verify_quote(c.msg, c.sig, c.pcrs, c.ak.get(), quote_test::fixture_policy()), ErrorKind::crypto,
                     "signature does not verify"));
  }
}

TEST_CASE("a quote checked with another AK fails: same key type by signature, other type by scheme") {
  const auto rsa = quote_test::load("rsa");
  const auto other_rsa = quote_test::load("rsapss");
  const auto ecc = quote_test::load("ecc");
  const auto policy = quote_test::fixture_policy();
  CHECK(fails_with(verify_quote(rsa.msg, rsa.sig, rsa.pcrs, other_rsa.ak.get(), policy), ErrorKind::crypto,
                   "signature does not verify"));
  CHECK(fails_with(verify_quote(rsa.msg, rsa.sig, rsa.pcrs, ecc.ak.get(), policy), ErrorKind::crypto,
                   "does not match the AK's key type (EC)"));
}

TEST_CASE("PCR values that differ from the quoted ones fail the pcrDigest check") {
  auto c = quote_test::load("ecc");
  c.pcrs[kAlgSha256][4][0] ^= 0xff;
  CHECK(fails_with(verify_quote(c.msg, c.sig, c.pcrs, c.ak.get(), quote_test::fixture_policy()), ErrorKind::crypto,
                   "does not match the supplied PCR values"));
}

TEST_CASE("a policy PCR outside the quote's selection is refused") {
  const auto c = quote_test::load("rsa");
  auto policy = quote_test::fixture_policy();
  policy.required = *parse_pcr_selection("sha256:0-7,9");
  CHECK(fails_with(verify_quote(c.msg, c.sig, c.pcrs, c.ak.get(), policy), ErrorKind::crypto,
                   "required PCR sha256:9 is not in the quote's selection"));
  policy.required = *parse_pcr_selection("sha1:0");
  CHECK(fails_with(verify_quote(c.msg, c.sig, c.pcrs, c.ak.get(), policy), ErrorKind::crypto, "required PCR sha1:0"));
}

TEST_CASE("a quoted PCR without a supplied value is refused") {
  auto c = quote_test::load("rsa");
  c.pcrs[kAlgSha256].erase(3);
  CHECK(fails_with(verify_quote(c.msg, c.sig, c.pcrs, c.ak.get(), quote_test::fixture_policy()), ErrorKind::crypto,
                   "no value supplied for quoted PCR sha256:3"));
}

TEST_CASE("a resetCount below the last one seen is refused, a higher one is reported as a reboot") {
  const auto c = quote_test::load("rsa");
  const std::uint32_t reset = parse_quote(c.msg)->clock_info.reset_count;
  auto policy = quote_test::fixture_policy();
  policy.min_reset_count = reset + 4;
  CHECK(fails_with(verify_quote(c.msg, c.sig, c.pcrs, c.ak.get(), policy), ErrorKind::crypto,
                   "resetCount went backwards: " + std::to_string(reset) + " < " + std::to_string(reset + 4)));
  if (reset > 0) {
    policy.min_reset_count = reset - 1;
    policy.min_restart_count = 99;  // a reboot resets restartCount: not a failure
    auto v = verify_quote(c.msg, c.sig, c.pcrs, c.ak.get(), policy);
    REQUIRE(v.ok());
    CHECK(v->rebooted);
  }
  policy.min_reset_count = reset;
  policy.min_restart_count = 7;
  CHECK(fails_with(verify_quote(c.msg, c.sig, c.pcrs, c.ak.get(), policy), ErrorKind::crypto,
                   "restartCount went backwards"));
}

TEST_CASE("a quote signed with a hash the policy does not allow is refused before its signature is checked") {
  const auto c = quote_test::load("rsa");
  auto policy = quote_test::fixture_policy();
  policy.allowed_hashes = {kAlgSha384};
  CHECK(fails_with(verify_quote(c.msg, c.sig, c.pcrs, c.ak.get(), policy), ErrorKind::crypto,
                   "signature hash sha256 is not allowed"));
  policy = quote_test::fixture_policy();
  policy.allowed_sig_schemes = {kAlgRsapss};
  CHECK(fails_with(verify_quote(c.msg, c.sig, c.pcrs, c.ak.get(), policy), ErrorKind::crypto,
                   "signature scheme rsassa is not allowed"));
}

TEST_CASE("a quote from another AK than the enrolled one is refused by its qualifiedSigner") {
  const auto c = quote_test::load("rsa");
  auto policy = quote_test::fixture_policy();
  policy.expected_signer_name = quote_test::fixture("ecc.ak.qname");
  CHECK(fails_with(verify_quote(c.msg, c.sig, c.pcrs, c.ak.get(), policy), ErrorKind::crypto,
                   "is not the enrolled AK"));
}

TEST_CASE("trailing bytes after the message or the signature are parse errors") {
  auto c = quote_test::load("ecc");
  const auto policy = quote_test::fixture_policy();
  auto msg = c.msg;
  msg.push_back(0);
  CHECK(fails_with(verify_quote(msg, c.sig, c.pcrs, c.ak.get(), policy), ErrorKind::parse, "1 trailing bytes"));
  auto sig = c.sig;
  sig.push_back(0);
  CHECK(fails_with(verify_quote(c.msg, sig, c.pcrs, c.ak.get(), policy), ErrorKind::parse, "1 trailing bytes"));
}
