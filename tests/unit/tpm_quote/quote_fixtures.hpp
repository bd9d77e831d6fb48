// Shared helpers for the quote tests: the committed tpm2_quote fixtures
// (tests/fixtures/tpm/quote, made by make_fixtures.sh against swtpm) and a
// forger that re-signs modified TPMS_ATTEST bytes with a software key.
#pragma once

#include <functional>
#include <string>

#include <tss2/tss2_mu.h>

#include "attest/tpm/quote/agent_quote.hpp"
#include "attest/tpm/quote/public_key.hpp"
#include "attest/tpm/quote/quote.hpp"

namespace quote_test {

using attest::Bytes;

std::string fixture_path(const std::string& name);
Bytes fixture(const std::string& name);  // FAIL()s the test when missing
std::string fixture_text(const std::string& name);

// One captured quote: "rsa" (RSASSA), "ecc" (ECDSA P-256) or "rsapss".
struct Captured {
  Bytes msg, sig, pcr_file, ak_pub, ak_qname;
  attest::tpm::PcrValues pcrs;
  attest::EvpPkeyPtr ak;  // from the PEM tpm2_createak wrote
};
Captured load(const std::string& kind);

// The policy the fixtures satisfy: their nonce, sha256:0-7 required.
attest::tpm::QuotePolicy fixture_policy();

// Signs arbitrary TPMS_ATTEST bytes with a fresh unrestricted P-256 key, the
// way an attacker with a software key would (tpm2_checkquote 5.4 accepted such
// forgeries). `hash_alg` is the TPM hash id put in the TPMT_SIGNATURE.
struct Forgery {
  Bytes msg, sig;
  attest::EvpPkeyPtr key;
};
Forgery forge(const Bytes& genuine_msg, const std::function<void(TPMS_ATTEST&)>& edit,
              std::uint16_t hash_alg = attest::tpm::kAlgSha256);

// True when `result` failed with `kind` and its message contains `needle`.
template <typename T>
bool fails_with(const attest::Result<T>& result, attest::ErrorKind kind, const std::string& needle) {
  return !result.ok() && result.error().kind == kind && result.error().message.find(needle) != std::string::npos;
}

}  // namespace quote_test
