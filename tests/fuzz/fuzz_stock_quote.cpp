// The labelled output of the stock tpm2_quote shell line (message, signature
// and pcrs in base64), read from the device over SSH: parse_stock_quote keeps
// every decoded file under its cap, and what parses reaches verify_quote.
#include "attest/tpm/quote/quote.hpp"
#include "attest/tpm/quote/stock_quote.hpp"
#include "fuzz_support.hpp"

using namespace attest;
using namespace attest::tpm;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto quote = parse_stock_quote(fuzz::text_of(data, size));
  FUZZ_CHECK(quote.ok() || quote.error().kind == ErrorKind::parse);
  if (!quote) return 0;
  FUZZ_CHECK(quote->message.size() <= kMaxStockMessage && quote->signature.size() <= kMaxStockSignature);
  (void)parse_quote(quote->message);
  (void)parse_signature(quote->signature);
  return 0;
}
