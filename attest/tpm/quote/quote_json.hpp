// JSON views of verified quotes and PCR values, shared by `attest quote
// verify --json`, the agent's output and the report's evidence.tpm.quote.
#pragma once

#include <nlohmann/json.hpp>

#include "attest/tpm/quote/quote.hpp"

namespace attest::tpm {

// {"sha256": {"0": "<hex>", ...}, ...}: banks by name ("alg<id>" if unknown),
// PCRs by decimal index.
nlohmann::ordered_json pcr_values_json(const PcrValues& pcrs);

// Every field of a verified quote: signature scheme and hash, magic and type
// (checked), PCR selection and digest, qualifiedSigner, clockInfo (clock,
// resetCount, restartCount, safe), firmwareVersion, reboot flag, PCR values.
nlohmann::ordered_json verified_quote_json(const VerifiedQuote& v);

}  // namespace attest::tpm
