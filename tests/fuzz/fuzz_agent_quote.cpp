// The JSON of `attest agent quote` (attest.quote/v1), read from the device
// over SSH: parse_agent_quote_json, then verify_agent_quote, which turns the
// device-supplied ak_public into an OpenSSL key and checks the quote with it.
#include "attest/tpm/quote/agent_quote.hpp"
#include "attest/tpm/quote/public_key.hpp"
#include "fuzz_support.hpp"

using namespace attest;
using namespace attest::tpm;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto quote = parse_agent_quote_json(fuzz::text_of(data, size));
  if (!quote) {
    FUZZ_CHECK(quote.error().kind == ErrorKind::input);
    return 0;
  }
  auto pub = parse_tpm2b_public(quote->ak_public);
  FUZZ_CHECK(pub.ok() && tpm_name(pub->tpmt_public) == quote->ak_name);
  QuotePolicy policy;
  policy.nonce = quote->nonce;
  policy.required = to_selection(quote->pcr_selection);
  auto verified = verify_agent_quote(*quote, policy);
  if (verified) FUZZ_CHECK(verified->quote.extra_data == quote->nonce);
  return 0;
}
