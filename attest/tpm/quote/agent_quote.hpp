// The quote our device agent prints (`attest agent quote`), schema
// "attest.quote/v1": the same bytes tpm2_quote writes, base64/hex in JSON.
#pragma once

#include <string_view>

#include "attest/tpm/quote/quote.hpp"

namespace attest::tpm {

inline constexpr std::string_view kAgentQuoteSchema = "attest.quote/v1";

struct AgentQuote {
  Bytes nonce;                // what the agent says it was asked for (the policy's nonce decides)
  PcrBankList pcr_selection;  // "sha256:0,1,..." as the agent requested it
  Bytes ak_public;            // marshaled TPM2B_PUBLIC
  Bytes ak_name;              // checked to be the Name of ak_public
  Bytes message;              // marshaled TPMS_ATTEST
  Bytes signature;            // marshaled TPMT_SIGNATURE
  PcrValues pcrs;             // {"sha256": {"0": "<hex>", ...}}
};

// Parses and checks the JSON: schema, strict base64 / hex, known banks, PCR
// indices 0-23, digest sizes, ak_name == Name(ak_public). ErrorKind::input.
[[nodiscard]] Result<AgentQuote> parse_agent_quote_json(std::string_view text);

// verify_quote with the key carried in the quote. The caller must still check
// that ak_public is the AK enrolled for this device (policy.expected_signer_name
// or comparing ak_name with the enrolled Name).
[[nodiscard]] Result<VerifiedQuote> verify_agent_quote(const AgentQuote& quote, const QuotePolicy& policy);

}  // namespace attest::tpm
