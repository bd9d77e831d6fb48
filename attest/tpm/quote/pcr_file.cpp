#include "attest/tpm/quote/pcr_file.hpp"

#include <cstring>

namespace attest::tpm {
namespace {

// Sizes of the tss2 C structs (tss2_tpm2_types.h) that tpm2-tools fwrite()s.
constexpr std::size_t kPcrSelectMax = 4;      // TPM2_PCR_SELECT_MAX
constexpr std::size_t kNumPcrBanks = 16;      // TPM2_NUM_PCR_BANKS
constexpr std::size_t kPcrSelectionSize = 8;  // TPMS_PCR_SELECTION: hash(2) sizeofSelect(1) pcrSelect[4] pad(1)
constexpr std::size_t kPcrSelectionListSize = 4 + kNumPcrBanks * kPcrSelectionSize;  // 132
constexpr std::size_t kDigestListMax = 8;     // TPML_DIGEST.digests[8]
constexpr std::size_t kDigest2bSize = 2 + 64;  // TPM2B_DIGEST: size(2) buffer[sizeof(TPMU_HA)]
constexpr std::size_t kDigestListSize = 4 + kDigestListMax * kDigest2bSize;  // 532

Error bad(const std::string& what) { return make_error(ErrorKind::parse, "PCR file: " + what); }

std::uint32_t le32(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<std::uint32_t>(b[at]) | static_cast<std::uint32_t>(b[at + 1]) << 8 |
         static_cast<std::uint32_t>(b[at + 2]) << 16 | static_cast<std::uint32_t>(b[at + 3]) << 24;
}
std::uint16_t le16(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<std::uint16_t>(b[at] | b[at + 1] << 8);
}

Result<PcrBankList> read_selection_list(std::span<const std::uint8_t> b) {
  const std::uint32_t count = le32(b, 0);
  if (count == 0 || count > kNumPcrBanks) return bad("selection count " + std::to_string(count) + " is not 1-16");
  PcrBankList banks;
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t at = 4 + i * kPcrSelectionSize;
    PcrBank bank{le16(b, at), {}};
    if (hash_alg_size(bank.alg) == 0) return bad("unknown hash algorithm 0x" + to_hex(&b[at], 2));
    const std::size_t size_of_select = b[at + 2];
    if (size_of_select > kPcrSelectMax) return bad("sizeofSelect " + std::to_string(size_of_select) + " > 4");
    for (std::size_t octet = 0; octet < size_of_select; ++octet)
      for (unsigned bit = 0; bit < 8; ++bit)
        if (b[at + 3 + octet] & (1u << bit)) bank.pcrs.insert(static_cast<unsigned>(octet * 8 + bit));
    if (!bank.pcrs.empty() && *bank.pcrs.rbegin() > kMaxPcr) return bad("PCR index above " + std::to_string(kMaxPcr));
    banks.push_back(std::move(bank));
  }
  return banks;
}

// Assigns `digests` to the selected PCRs in selection order.
Result<PcrValues> assign(const PcrBankList& selection, const std::vector<Bytes>& digests) {
  PcrValues out;
  std::size_t next = 0;
  for (const auto& bank : selection) {
    for (unsigned pcr : bank.pcrs) {
      if (next == digests.size()) return bad("fewer digests than selected PCRs");
      if (digests[next].size() != hash_alg_size(bank.alg)) {
        return bad("digest for " + std::string(hash_alg_name(bank.alg)) + ":" + std::to_string(pcr) + " has " +
                   std::to_string(digests[next].size()) + " bytes");
      }
      out[bank.alg][pcr] = digests[next++];
    }
  }
  if (next != digests.size()) return bad("more digests than selected PCRs");
  return out;
}

}  // namespace

PcrBankList to_bank_list(const PcrSelection& selection) {
  PcrBankList out;
  for (const auto& [alg, pcrs] : selection) out.push_back({alg, pcrs});
  return out;
}

PcrSelection to_selection(const PcrBankList& banks) {
  PcrSelection out;
  for (const auto& bank : banks) out[bank.alg].insert(bank.pcrs.begin(), bank.pcrs.end());
  return out;
}

Result<PcrValues> parse_pcr_file(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < kPcrSelectionListSize + 4) return bad("truncated (" + std::to_string(bytes.size()) + " bytes)");
  auto selection = read_selection_list(bytes);
  if (!selection) return selection.error();
  // At most 16 banks x 24 PCRs = 384 digests = 48 full lists; the size check
  // below then rejects any count the file does not actually hold.
  const std::uint32_t lists = le32(bytes, kPcrSelectionListSize);
  const std::size_t body = bytes.size() - kPcrSelectionListSize - 4;
  if (lists > kNumPcrBanks * 3 || body != lists * kDigestListSize) {
    return bad(std::to_string(lists) + " digest lists do not fill the remaining " + std::to_string(body) + " bytes");
  }
  std::vector<Bytes> digests;
  for (std::size_t l = 0; l < lists; ++l) {
    const auto list = bytes.subspan(kPcrSelectionListSize + 4 + l * kDigestListSize, kDigestListSize);
    const std::uint32_t count = le32(list, 0);
    if (count > kDigestListMax) return bad("digest list count " + std::to_string(count) + " > 8");
    for (std::size_t d = 0; d < count; ++d) {
      const std::size_t at = 4 + d * kDigest2bSize;
      const std::size_t size = le16(list, at);
      if (size > kDigest2bSize - 2) return bad("digest size " + std::to_string(size) + " > 64");
      digests.emplace_back(list.begin() + static_cast<std::ptrdiff_t>(at + 2),
                           list.begin() + static_cast<std::ptrdiff_t>(at + 2 + size));
    }
  }
  return assign(*selection, digests);
}

Result<PcrValues> parse_pcr_values(std::span<const std::uint8_t> bytes, const PcrBankList& selection) {
  std::vector<Bytes> digests;
  std::size_t at = 0;
  for (const auto& bank : selection) {
    const std::size_t size = hash_alg_size(bank.alg);
    if (size == 0) return bad("unknown hash algorithm " + std::to_string(bank.alg));
    for (std::size_t i = 0; i < bank.pcrs.size(); ++i, at += size) {
      if (at + size > bytes.size()) return bad("values: truncated (" + std::to_string(bytes.size()) + " bytes)");
      digests.emplace_back(bytes.begin() + static_cast<std::ptrdiff_t>(at),
                           bytes.begin() + static_cast<std::ptrdiff_t>(at + size));
    }
  }
  if (at != bytes.size()) {
    return bad("values: " + std::to_string(bytes.size()) + " bytes, the selection needs " + std::to_string(at));
  }
  return assign(selection, digests);
}

}  // namespace attest::tpm
