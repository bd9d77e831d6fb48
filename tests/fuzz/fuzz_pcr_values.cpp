// tpm2_quote -o -F values: raw digests laid out by a selection that comes
// from the (untrusted) quote. Input: the selection, then the file. Selection:
// one byte of banks (bit 0 sha1, 1 sha256, 2 sha384, 3 sha512, 4 an unknown
// algorithm), then for each bank present three bytes of PCR bitmap (0-23).
// An accepted file holds exactly one digest of the bank's size per PCR.
#include <optional>

#include "attest/tpm/quote/pcr_file.hpp"
#include "fuzz_support.hpp"

using namespace attest;
using namespace attest::tpm;

namespace {

constexpr std::uint16_t kBanks[] = {kAlgSha1, kAlgSha256, kAlgSha384, kAlgSha512, 0x0099};

// The selection and the number of header bytes it took, or nullopt if short.
std::optional<std::pair<PcrBankList, std::size_t>> read_selection(std::span<const std::uint8_t> in) {
  if (in.empty()) return std::nullopt;
  PcrBankList banks;
  std::size_t at = 1;
  for (unsigned b = 0; b < std::size(kBanks); ++b) {
    if ((in[0] & (1u << b)) == 0) continue;
    if (in.size() < at + 3) return std::nullopt;
    PcrBank bank{kBanks[b], {}};
    for (unsigned pcr = 0; pcr <= kMaxPcr; ++pcr)
      if (in[at + pcr / 8] & (1u << (pcr % 8))) bank.pcrs.insert(pcr);
    banks.push_back(std::move(bank));
    at += 3;
  }
  return std::pair{std::move(banks), at};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = fuzz::bytes_of(data, size);
  const auto selection = read_selection(input);
  if (!selection) return 0;
  const auto& [banks, header] = *selection;
  const auto file = input.subspan(header);
  auto pcrs = parse_pcr_values(file, banks);
  if (!pcrs) return 0;
  std::size_t expected_size = 0, selected = 0;
  for (const auto& bank : banks) {
    expected_size += bank.pcrs.size() * hash_alg_size(bank.alg);
    selected += bank.pcrs.size();
  }
  FUZZ_CHECK(expected_size == file.size());
  // Every selected PCR got a value of its bank's size, and nothing else did.
  std::size_t values = 0;
  for (const auto& [alg, bank] : *pcrs) {
    for (const auto& [pcr, value] : bank) {
      FUZZ_CHECK(value.size() == hash_alg_size(alg) && pcr <= kMaxPcr);
      ++values;
    }
  }
  FUZZ_CHECK(values == selected);
  return 0;
}
