// What the gate sends to a TPM device over SSH and how it reads the answers,
// for both quote forms: `attest agent quote` (JSON) and stock `tpm2_quote`
// (labelled base64, see tpm/quote/stock_quote.hpp). Used by the gate's TPM
// checks and by enrollment, so both speak to a device the same way.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attest/core/inventory.hpp"
#include "attest/tpm/quote/quote.hpp"

namespace attest {

// The exec commands of one TPM collection, exactly as sent: the report and the
// checks find their records by these strings.
struct TpmCommands {
  std::string quote;      // empty without a nonce (the CSPRNG failed)
  std::string event_log;  // "cat <path>"; empty when no safe location is known
  // The non-empty commands, quote first.
  std::vector<std::string> list() const;
};

// The quote command for `device.tpm`'s form. `nonce` is 1..64 bytes; empty
// gives an empty command (never a quote without a fresh nonce).
std::string quote_command(const TpmSettings& tpm, const Bytes& nonce);
// "cat <path>" with the inventory's path, else the profile's; empty when
// neither is set or the path is not a safe absolute path (fail closed).
std::string event_log_command(const Device& device);
// Both, for `device` (which must have a TPM).
TpmCommands tpm_commands(const Device& device, const Bytes& nonce);

// A quote as the device printed it, decoded but not yet verified.
struct CollectedQuote {
  Bytes message;                   // TPMS_ATTEST
  Bytes signature;                 // TPMT_SIGNATURE
  tpm::PcrValues pcrs;             // the values the device claims were quoted
  std::optional<Bytes> ak_public;  // the agent names its AK; stock tpm2_quote does not
};
[[nodiscard]] Result<CollectedQuote> parse_quote_output(QuoteForm form, std::string_view output);

// The enrolled AK a quote must come from.
struct ExpectedAk {
  Bytes ak_public;  // marshaled TPM2B_PUBLIC
  Bytes ak_name;    // its Name
};

// Verifies `q` against the enrolled AK and `policy` (nonce, PCRs, counters).
// A quote from another AK fails first with "not the enrolled TPM (device
// swapped?)", from the agent's ak_public or else from TPMS_ATTEST.qualifiedSigner
// (the AK is a primary key in the endorsement hierarchy, persistent or not).
[[nodiscard]] Result<tpm::VerifiedQuote> verify_collected_quote(const CollectedQuote& q, const ExpectedAk& ak,
                                                                tpm::QuotePolicy policy);

}  // namespace attest
