// The stock `tpm2_quote` command line a gate sends to a device with
// tpm2-tools: recognised by its exact shape (never handed to a shell), then
// the real tpm2_quote binary is run with an argv against the device's swtpm,
// and the three files come back as the device's shell would print them:
// "message <b64>\nsignature <b64>\npcrs <b64>\n".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "attest/lab/personality.hpp"

namespace attest::lab {

// The variable parts of the command, each checked against a narrow alphabet.
struct StockQuoteRequest {
  std::string handle;     // "0x81010002"
  std::string selection;  // "sha256:0,1,2,3,4,5,6,7" (banks joined by '+')
  std::string nonce;      // hex
};

// nullopt unless `command` is exactly the gate's tpm2_quote line.
std::optional<StockQuoteRequest> parse_stock_quote_command(std::string_view command);

// Runs tpm2_quote in a private directory under `scratch_root` with
// TPM2TOOLS_TCTI=`tcti`; the directory is removed before returning. On
// failure, tpm2_quote's stderr and exit status, as a shell would pass them on.
ExecResult run_stock_quote(const StockQuoteRequest& request, const std::string& tcti, const std::string& scratch_root);

}  // namespace attest::lab
