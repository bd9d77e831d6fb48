// TPM 2.0 quote verification, in-process and pure: bytes in, verdict out.
// Stricter than tpm2_checkquote 5.4, which accepted forged quotes (bad magic,
// zeroed pcrDigest, non-quote type) when signed by an unrestricted key.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <span>

#include <openssl/evp.h>

#include "attest/tpm/pcr.hpp"
#include "attest/tpm/quote/pcr_file.hpp"
#include "attest/util/result.hpp"

namespace attest::tpm {

inline constexpr std::uint32_t kTpmGeneratedValue = 0xff544347;  // TPM_GENERATED_VALUE, Part 2 6.2
inline constexpr std::uint16_t kStAttestQuote = 0x8018;         // TPM_ST_ATTEST_QUOTE, Part 2 6.9
inline constexpr std::uint16_t kAlgRsassa = 0x0014;             // TPM_ALG_RSASSA, Part 2 6.3
inline constexpr std::uint16_t kAlgRsapss = 0x0016;
inline constexpr std::uint16_t kAlgEcdsa = 0x0018;

// TPMS_CLOCK_INFO (Part 2, 10.11.1).
struct ClockInfo {
  std::uint64_t clock = 0;
  std::uint32_t reset_count = 0;
  std::uint32_t restart_count = 0;
  bool safe = false;
};

// A TPMS_ATTEST (Part 2, 10.12.12) as signed by the TPM. Any attestation type
// parses; the PCR fields are filled only for TPM_ST_ATTEST_QUOTE.
struct ParsedQuote {
  std::uint32_t magic = 0;
  std::uint16_t type = 0;
  Bytes qualified_signer;  // the AK's Qualified Name (not its Name)
  Bytes extra_data;        // the caller's nonce
  ClockInfo clock_info;
  std::uint64_t firmware_version = 0;
  PcrBankList pcr_banks;       // TPMS_QUOTE_INFO.pcrSelect in list order
  PcrSelection pcr_selection;  // the same, by bank
  Bytes pcr_digest;
};

// Parses marshaled TPMS_ATTEST bytes (tpm2_quote -m; the inside of a
// TPM2B_ATTEST). Every byte must be consumed. Errors are ErrorKind::parse.
[[nodiscard]] Result<ParsedQuote> parse_quote(std::span<const std::uint8_t> attest_bytes);

// A TPMT_SIGNATURE (Part 2, 11.3.4) in the form OpenSSL verifies.
struct ParsedSignature {
  std::uint16_t sig_alg = 0;   // kAlgRsassa, kAlgRsapss, kAlgEcdsa
  std::uint16_t hash_alg = 0;  // kAlgSha256, ...
  Bytes signature;             // RSA: the raw signature; ECDSA: DER ECDSA-Sig-Value from (r, s)
};

// Parses marshaled TPMT_SIGNATURE bytes (tpm2_quote -s). Every byte must be
// consumed; schemes other than RSASSA, RSAPSS and ECDSA are parse errors.
[[nodiscard]] Result<ParsedSignature> parse_signature(std::span<const std::uint8_t> bytes);

// What a quote must satisfy besides a valid signature.
struct QuotePolicy {
  Bytes nonce;            // must equal extraData
  PcrSelection required;  // PCRs the quote must cover
  std::set<std::uint16_t> allowed_hashes{kAlgSha256, kAlgSha384, kAlgSha512};
  std::set<std::uint16_t> allowed_sig_schemes{kAlgRsassa, kAlgRsapss, kAlgEcdsa};
  // Compared with TPMS_ATTEST.qualifiedSigner, which is the AK's Qualified
  // Name (Part 1, 16: H(QN(parent) || Name)), not its Name: see
  // tpm_qualified_name() in public_key.hpp.
  std::optional<Bytes> expected_signer_name;
  // Last counts seen for this AK. Lower is a failure; a higher resetCount is a
  // reboot (restartCount is then compared only when resetCount is unchanged,
  // since a TPM Reset sets restartCount back to 0).
  std::optional<std::uint32_t> min_reset_count;
  std::optional<std::uint32_t> min_restart_count;
  // clockInfo.safe must be YES. A TPM says NO after a power loss without
  // TPM2_Shutdown until Clock passes the last value it may have reported (up to
  // ~70 min on the reference implementation); a site may choose to accept it.
  bool require_safe_clock = true;
};

struct VerifiedQuote {
  ParsedQuote quote;
  std::uint16_t sig_alg = 0;
  std::uint16_t hash_alg = 0;
  PcrValues pcrs;  // only the PCRs the quote covers, now proven by pcrDigest
  std::uint32_t reset_count = 0;
  std::uint32_t restart_count = 0;
  std::uint64_t clock = 0;
  std::uint64_t firmware_version = 0;
  bool rebooted = false;  // resetCount above min_reset_count
};

// Verifies a quote against the AK public key and the policy. Checks, in
// order, each with its own message: scheme and hash allowed and matching the
// key type; signature; magic; type; extraData == nonce; required PCRs
// selected; every selected PCR supplied; pcrDigest; clockInfo.safe;
// resetCount / restartCount; qualifiedSigner. Failures are ErrorKind::crypto;
// unreadable attest or signature bytes are ErrorKind::parse; a policy with an
// empty nonce is ErrorKind::usage (no freshness, so never a pass).
[[nodiscard]] Result<VerifiedQuote> verify_quote(std::span<const std::uint8_t> attest,
                                                 std::span<const std::uint8_t> signature, const PcrValues& pcrs,
                                                 EVP_PKEY* ak, const QuotePolicy& policy);

// H_alg(selected PCR values concatenated in selection order): what the TPM
// puts in TPMS_QUOTE_INFO.pcrDigest (Part 3, 18.4; PCRComputeCurrentDigest).
// Empty when a selected PCR is missing from `pcrs` or `alg` is unknown.
Bytes quote_pcr_digest(std::uint16_t alg, const PcrBankList& selection, const PcrValues& pcrs);

// "rsassa", "rsapss", "ecdsa" or "alg0x...".
std::string sig_alg_name(std::uint16_t alg);

}  // namespace attest::tpm
