// `agent quote` and `agent pcrs`.
#include <tss2/tss2_mu.h>

#include "attest/tpm/agent/marshal.hpp"
#include "attest/tpm/agent/session.hpp"
#include "attest/tpm/quote/quote.hpp"

namespace attest::tpm {
namespace {

// A quote and a PCR read are two commands; a PCR extended in between would
// give values that do not match the quote's pcrDigest. Retry a few times
// rather than hand the verifier an inconsistent pair.
constexpr int kQuoteAttempts = 3;

// Whether `values` are the PCRs the quote covers: its pcrDigest recomputed the
// way the verifier does (quote_pcr_digest), with H = the AK's signing hash
// (SHA-256 for both AK templates).
Result<bool> matches_quote(const Bytes& message, const PcrValues& values) {
  auto parsed = parse_quote(message);
  if (!parsed) return make_error(ErrorKind::protocol, "Esys_Quote: " + parsed.error().message);
  const Bytes digest = quote_pcr_digest(kAlgSha256, parsed->pcr_banks, values);
  return !digest.empty() && digest == parsed->pcr_digest;
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
    bool progressed = false;
    for (UINT32 b = 0; b < got.count && b < TPM2_NUM_PCR_BANKS; ++b) {
      const TPMS_PCR_SELECTION& bank = got.pcrSelections[b];
      for (unsigned pcr = 0; pcr < 8u * bank.sizeofSelect && next < digests.count; ++pcr) {
        if (!(bank.pcrSelect[pcr / 8] & (1u << (pcr % 8)))) continue;
        const TPM2B_DIGEST& d = digests.digests[next++];
        const auto wanted = remaining.find(bank.hash);
        if (wanted == remaining.end() || wanted->second.erase(pcr) == 0) continue;  // not asked for
        progressed = true;
        out[bank.hash][pcr] = Bytes(d.buffer, d.buffer + d.size);
        if (wanted->second.empty()) remaining.erase(wanted);
      }
    }
    // No progress: a bank the TPM has not allocated (or PCRs it lacks). Counted
    // in PCRs still wanted, so a TPM answering with others cannot loop us forever.
    if (!progressed) return make_error(ErrorKind::protocol, "the TPM has no PCRs " + to_string(remaining));
  }
  return out;
}

Result<QuoteEvidence> quote(const AgentOptions& options, AkAlg alg, const Bytes& nonce, const PcrSelection& selection) {
  // quote_once copies the nonce into a TPM2B_DATA (64 bytes): check here, not only in parse_nonce.
  if (nonce.empty() || nonce.size() > sizeof(TPMU_HA)) {
    return make_error(ErrorKind::usage, "quote: the nonce must be 1 to 64 bytes, got " + std::to_string(nonce.size()));
  }
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
