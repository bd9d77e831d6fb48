// `agent quote` and `agent pcrs`.
#include <tss2/tss2_mu.h>

#include "attest/tpm/agent/marshal.hpp"
#include "attest/tpm/agent/session.hpp"

namespace attest::tpm {
namespace {

// A quote and a PCR read are two commands; a PCR extended in between would
// give values that do not match the quote's pcrDigest. Retry a few times
// rather than hand the verifier an inconsistent pair.
constexpr int kQuoteAttempts = 3;

std::string bytes_view(const Bytes& b) { return std::string(b.begin(), b.end()); }

// pcrDigest of TPMS_QUOTE_INFO: H(values in the quote's selection order),
// H = the AK's signing hash (SHA-256 for both AK templates).
Result<bool> matches_quote(const Bytes& message, const PcrValues& values) {
  auto attest = unmarshal(message, Tss2_MU_TPMS_ATTEST_Unmarshal, "TPMS_ATTEST");
  if (!attest) return make_error(ErrorKind::protocol, "Esys_Quote: " + attest.error().message);
  const TPMS_QUOTE_INFO& info = attest->attested.quote;
  std::string concatenated;
  for (UINT32 b = 0; b < info.pcrSelect.count && b < TPM2_NUM_PCR_BANKS; ++b) {
    const TPMS_PCR_SELECTION& bank = info.pcrSelect.pcrSelections[b];
    for (unsigned pcr = 0; pcr < 8u * bank.sizeofSelect; ++pcr) {
      if (!(bank.pcrSelect[pcr / 8] & (1u << (pcr % 8)))) continue;
      const auto found = values.find(bank.hash);
      if (found == values.end() || !found->second.count(pcr)) return false;
      concatenated += bytes_view(found->second.at(pcr));
    }
  }
  const Bytes digest = hash_with(kAlgSha256, concatenated);
  return Bytes(info.pcrDigest.buffer, info.pcrDigest.buffer + info.pcrDigest.size) == digest;
}

Result<QuoteEvidence> quote_once(Esys& esys, const LoadedAk& ak, const Bytes& nonce, const PcrSelection& selection) {
  TPM2B_DATA qualifying{};
  qualifying.size = static_cast<UINT16>(nonce.size());
  std::copy(nonce.begin(), nonce.end(), qualifying.buffer);
  auto quoted = esys.quote(ak.key.handle.get(), qualifying, to_tpml(selection));
  if (!quoted) return quoted.error();
  auto signature = marshal(*quoted->signature, Tss2_MU_TPMT_SIGNATURE_Marshal, "TPMT_SIGNATURE");
  if (!signature) return signature.error();
  auto values = read_pcr_values(esys, selection);
  if (!values) return values.error();
  const TPM2B_ATTEST& attest = *quoted->quoted;
  return QuoteEvidence{nonce,
                       selection,
                       ak.info,
                       Bytes(attest.attestationData, attest.attestationData + attest.size),
                       std::move(*signature),
                       std::move(*values)};
}

}  // namespace

Result<Bytes> parse_nonce(std::string_view hex) {
  auto nonce = from_hex(hex, "--nonce");
  if (!nonce) return make_error(ErrorKind::usage, nonce.error().message);
  if (nonce->empty() || nonce->size() > sizeof(TPMU_HA)) {
    return make_error(ErrorKind::usage, "--nonce must be 1 to 64 bytes of hex, got " +
                                            std::to_string(nonce->size()) + " bytes");
  }
  return nonce;
}

TPML_PCR_SELECTION to_tpml(const PcrSelection& selection) {
  TPML_PCR_SELECTION out{};
  for (const auto& [alg, pcrs] : selection) {
    if (out.count >= TPM2_NUM_PCR_BANKS) break;
    TPMS_PCR_SELECTION& bank = out.pcrSelections[out.count++];
    bank.hash = alg;
    bank.sizeofSelect = 3;  // PCR 0..23 (PC Client)
    for (unsigned pcr : pcrs) bank.pcrSelect[pcr / 8] |= static_cast<std::uint8_t>(1u << (pcr % 8));
  }
  return out;
}

Result<PcrValues> read_pcr_values(Esys& esys, const PcrSelection& selection) {
  PcrSelection remaining = selection;
  PcrValues out;
  while (!remaining.empty()) {
    auto read = esys.pcr_read(to_tpml(remaining));
    if (!read) return read.error();
    const TPML_PCR_SELECTION& got = *read->selection;
    const TPML_DIGEST& digests = *read->values;
    UINT32 next = 0;
    for (UINT32 b = 0; b < got.count && b < TPM2_NUM_PCR_BANKS; ++b) {
      const TPMS_PCR_SELECTION& bank = got.pcrSelections[b];
      for (unsigned pcr = 0; pcr < 8u * bank.sizeofSelect && next < digests.count; ++pcr) {
        if (!(bank.pcrSelect[pcr / 8] & (1u << (pcr % 8)))) continue;
        const TPM2B_DIGEST& d = digests.digests[next++];
        out[bank.hash][pcr] = Bytes(d.buffer, d.buffer + d.size);
        remaining[bank.hash].erase(pcr);
        if (remaining[bank.hash].empty()) remaining.erase(bank.hash);
      }
    }
    // No progress: a bank the TPM has not allocated (or PCRs it lacks).
    if (next == 0) return make_error(ErrorKind::protocol, "the TPM has no PCRs " + to_string(remaining));
  }
  return out;
}

Result<QuoteEvidence> quote(const AgentOptions& options, AkAlg alg, const Bytes& nonce, const PcrSelection& selection) {
  return with_tpm<QuoteEvidence>(
      options, "attest agent quote", [alg, nonce, selection](Esys& esys) -> Result<QuoteEvidence> {
        auto ak = create_ak(esys, alg);
        if (!ak) return ak.error();
        for (int attempt = 1;; ++attempt) {
          auto evidence = quote_once(esys, *ak, nonce, selection);
          if (!evidence) return evidence.error();
          auto consistent = matches_quote(evidence->message, evidence->pcrs);
          if (!consistent) return consistent.error();
          if (*consistent) return evidence;
          if (attempt == kQuoteAttempts) {
            return make_error(ErrorKind::protocol, "PCRs changed between quote and read " +
                                                       std::to_string(kQuoteAttempts) + " times in a row");
          }
        }
      });
}

Result<PcrValues> read_pcrs(const AgentOptions& options, const PcrSelection& selection) {
  return with_tpm<PcrValues>(options, "attest agent pcrs",
                             [selection](Esys& esys) { return read_pcr_values(esys, selection); });
}

}  // namespace attest::tpm
