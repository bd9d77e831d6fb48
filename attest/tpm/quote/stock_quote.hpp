// Stock `tpm2_quote` over SSH: the one shell line the gate sends to a device
// with tpm2-tools, and the labelled base64 it prints back. The three files are
// what `tpm2_quote -m -s -o` writes (see quote.hpp and pcr_file.hpp); the
// labels carry them over a text channel:
//   message <base64 TPMS_ATTEST>
//   signature <base64 TPMT_SIGNATURE>
//   pcrs <base64 PCR file, tpm2-tools "serialized" format>
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "attest/tpm/pcr.hpp"
#include "attest/util/digest.hpp"
#include "attest/util/result.hpp"

namespace attest::tpm {

// Decoded size caps. A quote's TPMS_ATTEST is well under 1 KiB; a
// TPMT_SIGNATURE of an RSA-4096 key is 518 bytes; a serialized PCR file is
// 136 + 532 bytes per 8 digests (two full banks: 3,328 bytes).
inline constexpr std::size_t kMaxStockMessage = 4u << 10;
inline constexpr std::size_t kMaxStockSignature = 1u << 10;
inline constexpr std::size_t kMaxStockPcrs = 16u << 10;
// The whole output: the three caps in base64 plus labels and line ends.
inline constexpr std::size_t kMaxStockOutput = 32u << 10;

// "0x81010002": a TPM handle as tpm2-tools takes it.
std::string handle_text(std::uint32_t handle);

// The shell line: `tpm2_quote -c HANDLE -l SEL -q NONCE -g sha256 -m -s -o`
// into a private `mktemp -d` directory, the three files printed labelled, the
// directory removed, and tpm2_quote's exit status kept. `selection` is spelled
// out in full (tpm2-tools takes no ranges); `nonce` is 1..64 bytes.
std::string stock_quote_command(std::uint32_t ak_handle, const PcrSelection& selection, const Bytes& nonce);

// The three files, decoded.
struct StockQuoteFiles {
  Bytes message;
  Bytes signature;
  Bytes pcrs;
};

// Parses the labelled output: exactly the lines "message", "signature" and
// "pcrs", once each, in any order, each "<label> <base64>\n" with strict
// base64 and the caps above. Anything else (a truncated or oversized output,
// an unknown, missing or repeated label, bad base64) is ErrorKind::parse.
[[nodiscard]] Result<StockQuoteFiles> parse_labelled_quote(std::string_view text);

// The same files ready for verify_quote: the PCR file parsed.
struct StockQuote {
  Bytes message;
  Bytes signature;
  PcrValues pcrs;
};
[[nodiscard]] Result<StockQuote> parse_stock_quote(std::string_view text);

}  // namespace attest::tpm
