// TPMS_ATTEST, as tpm2_quote -m writes it and as the agent's "message" carries
// it: parse_quote, then verify_quote over the same bytes signed by a software
// key, so that every check after the signature (magic, type, nonce, PCR
// selection, pcrDigest, clock, counters, signer) sees the fuzzed structure.
#include "attest/tpm/quote/quote.hpp"
#include "attest/util/encoding.hpp"
#include "attest/util/openssl_ptr.hpp"
#include "fuzz_support.hpp"
#include "quote_signer.hpp"

namespace {

using namespace attest;
using namespace attest::tpm;

struct Setup {
  EvpPkeyPtr key;
  PcrValues pcrs;  // the fixtures' sha256:0-7, and a value for every other PCR of every bank
  QuotePolicy policy;
};

Setup make_setup() {
  Setup s;
  s.key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  FUZZ_CHECK(s.key != nullptr);
  for (const std::uint16_t alg : {kAlgSha1, kAlgSha256, kAlgSha384, kAlgSha512})
    for (unsigned pcr = 0; pcr <= kMaxPcr; ++pcr) s.pcrs[alg][pcr] = Bytes(hash_alg_size(alg), 0);
  auto captured = parse_pcr_file(fuzz::fixture("tpm/quote/ecc.pcrs"));
  FUZZ_CHECK(captured.ok());
  for (const auto& [pcr, value] : captured->at(kAlgSha256)) s.pcrs[kAlgSha256][pcr] = value;
  const Bytes nonce = fuzz::fixture("tpm/quote/nonce.hex");
  s.policy.nonce = *hex_decode(fuzz::text_of(nonce.data(), nonce.size()));
  s.policy.required = *parse_pcr_selection("sha256:0-7");
  s.policy.min_reset_count = 1;
  s.policy.min_restart_count = 0;
  return s;
}

const Setup& setup() {
  static const Setup s = make_setup();
  return s;
}

// What an accepted quote must be, whatever the bytes were.
void check_accepted(const VerifiedQuote& v, const QuotePolicy& policy) {
  FUZZ_CHECK(v.quote.magic == kTpmGeneratedValue);
  FUZZ_CHECK(v.quote.type == kStAttestQuote);
  FUZZ_CHECK(v.quote.extra_data == policy.nonce);
  FUZZ_CHECK(v.quote.clock_info.safe);
  for (const auto& [alg, pcrs] : policy.required)
    for (const unsigned pcr : pcrs) FUZZ_CHECK(v.pcrs.count(alg) == 1 && v.pcrs.at(alg).count(pcr) == 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto message = fuzz::bytes_of(data, size);
  auto parsed = parse_quote(message);
  if (parsed && parsed->type == kStAttestQuote) FUZZ_CHECK(to_selection(parsed->pcr_banks) == parsed->pcr_selection);
  const Setup& s = setup();
  auto signature = attest::testing::ecdsa_tpmt_signature(s.key.get(), message, kAlgSha256);
  FUZZ_CHECK(signature.ok());
  auto verified = verify_quote(message, *signature, s.pcrs, s.key.get(), s.policy);
  if (verified) check_accepted(*verified, s.policy);
  FUZZ_CHECK(verified.ok() || parsed.ok() || verified.error().kind == ErrorKind::parse);
  return 0;
}
