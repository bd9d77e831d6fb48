// tpm2_quote -o in its default "serialized" format (tpm2-tools' dump of the
// TPML_PCR_SELECTION and TPML_DIGEST C structs): every value accepted has the
// size of its bank's hash and a PCR index 0-23.
#include "attest/tpm/quote/pcr_file.hpp"
#include "fuzz_support.hpp"

using namespace attest;
using namespace attest::tpm;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto pcrs = parse_pcr_file(fuzz::bytes_of(data, size));
  if (!pcrs) return 0;
  for (const auto& [alg, bank] : *pcrs) {
    FUZZ_CHECK(hash_alg_size(alg) != 0);
    for (const auto& [pcr, value] : bank) FUZZ_CHECK(pcr <= kMaxPcr && value.size() == hash_alg_size(alg));
  }
  return 0;
}
