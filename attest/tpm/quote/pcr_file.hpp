// PCR values as tpm2_quote writes them (`-o FILE`, `-F serialized|values`),
// and PCR selections that keep the bank order of a TPML_PCR_SELECTION.
#pragma once

#include <cstdint>
#include <set>
#include <span>
#include <vector>

#include "attest/tpm/pcr.hpp"
#include "attest/util/result.hpp"

namespace attest::tpm {

// One TPMS_PCR_SELECTION (TPM 2.0 Part 2, 10.6.2) in list order. The order of
// banks matters: the quote's pcrDigest hashes them in TPML order.
struct PcrBank {
  std::uint16_t alg = 0;
  std::set<unsigned> pcrs;
  bool operator==(const PcrBank&) const = default;
};
using PcrBankList = std::vector<PcrBank>;

// Banks in ascending algorithm id (the order std::map gives), for selections
// typed on a command line.
PcrBankList to_bank_list(const PcrSelection& selection);
// Merges banks by algorithm (a bank listed twice becomes one).
PcrSelection to_selection(const PcrBankList& banks);

// tpm2-tools "serialized" format (tpm2-tools lib/pcr.c pcr_fwrite_serialized):
// the C structs dumped in little-endian host order, not TPM marshaling:
//   TPML_PCR_SELECTION (132 bytes) | UINT32 n | n x TPML_DIGEST (532 bytes each).
// Digests fill the selection in order: banks in list order, PCRs ascending.
// Trailing bytes, a digest of the wrong size or a count mismatch are errors.
[[nodiscard]] Result<PcrValues> parse_pcr_file(std::span<const std::uint8_t> bytes);

// tpm2-tools "values" format: the raw digests concatenated in selection order
// (banks in list order, PCRs ascending), nothing else. The file does not say
// which PCRs it holds, so the selection is given (usually the quote's own).
[[nodiscard]] Result<PcrValues> parse_pcr_values(std::span<const std::uint8_t> bytes, const PcrBankList& selection);

}  // namespace attest::tpm
