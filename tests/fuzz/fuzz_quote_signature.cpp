// TPMT_SIGNATURE, as tpm2_quote -s writes it: parse_signature, then
// verify_quote of the captured RSA and ECC quotes with the fuzzed signature.
// RSASSA is deterministic, so an accepted RSASSA signature must be the
// captured bytes themselves.
#include "attest/tpm/quote/public_key.hpp"
#include "attest/tpm/quote/quote.hpp"
#include "attest/util/encoding.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace attest;
using namespace attest::tpm;

struct Captured {
  Bytes msg, sig;
  PcrValues pcrs;
  EvpPkeyPtr ak;
};

Captured load(const std::string& kind) {
  Captured c;
  c.msg = fuzz::fixture("tpm/quote/" + kind + ".msg");
  c.sig = fuzz::fixture("tpm/quote/" + kind + ".sig");
  auto pcrs = parse_pcr_file(fuzz::fixture("tpm/quote/" + kind + ".pcrs"));
  FUZZ_CHECK(pcrs.ok());
  c.pcrs = std::move(*pcrs);
  auto ak = public_key_from_tpm2b_public(fuzz::fixture("tpm/quote/" + kind + ".ak.pub"));
  FUZZ_CHECK(ak.ok());
  c.ak = std::move(*ak);
  return c;
}

struct Setup {
  Captured rsa = load("rsa"), ecc = load("ecc");
  QuotePolicy policy;
};

const Setup& setup() {
  static const Setup s = [] {
    Setup out;
    const Bytes nonce = fuzz::fixture("tpm/quote/nonce.hex");
    out.policy.nonce = *hex_decode(fuzz::text_of(nonce.data(), nonce.size()));
    out.policy.required = *parse_pcr_selection("sha256:0-7");
    return out;
  }();
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto sig = fuzz::bytes_of(data, size);
  auto parsed = parse_signature(sig);
  const Setup& s = setup();
  auto rsa = verify_quote(s.rsa.msg, sig, s.rsa.pcrs, s.rsa.ak.get(), s.policy);
  FUZZ_CHECK(!rsa.ok() || parsed.ok());  // before parsed-> below
  if (rsa && parsed->sig_alg == kAlgRsassa) FUZZ_CHECK(Bytes(sig.begin(), sig.end()) == s.rsa.sig);
  auto ecc = verify_quote(s.ecc.msg, sig, s.ecc.pcrs, s.ecc.ak.get(), s.policy);
  FUZZ_CHECK(!ecc.ok() || (parsed.ok() && parsed->sig_alg == kAlgEcdsa));
  return 0;
}
