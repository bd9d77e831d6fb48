// The device side of TPM attestation (`attest agent ...`): read the EK
// certificates, derive the AK, quote PCRs, activate a credential. Each call
// opens its own TPM connection, leaves no object loaded in the TPM, and gives
// up with ErrorKind::timeout when the TPM stops answering for `timeout`.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "attest/tpm/agent/templates.hpp"
#include "attest/tpm/pcr.hpp"
#include "attest/util/digest.hpp"
#include "attest/util/result.hpp"

namespace attest::tpm {

struct AgentOptions {
  std::string tcti;  // Tss2_TctiLdr_Initialize string; empty = the tctildr default
  std::chrono::milliseconds timeout{10000};  // per TPM command
};

// The TCTI to use: `flag` (--tcti) if set, else $TPM2TOOLS_TCTI, $TCTI,
// $TSS2_TCTI (tpm2-tools' order), else "" for the default.
std::string resolve_tcti(const std::string& flag);

struct EkCertificate {
  std::uint32_t nv_index = 0;
  std::string key;  // "rsa" | "ecc"
  Bytes der;
};

// The EKs of the default templates whose certificates the TPM holds: the RSA
// EK when NV 0x01c00002 exists (or when neither low-range index does), the
// ECC EK when NV 0x01c0000a exists. Keys nobody certified are not created:
// RSA key generation alone takes seconds on a hardware TPM.
struct EkInfo {
  std::vector<EkCertificate> certificates;  // the TCG EK certificate indices that exist
  Bytes ek_public_rsa;  // marshaled TPM2B_PUBLIC of the RSA EK (template L-1), or empty
  Bytes ek_public_ecc;  // marshaled TPM2B_PUBLIC of the ECC EK (template L-2), or empty
};

struct AkInfo {
  AkAlg alg = AkAlg::ecc;
  Bytes ak_public;  // marshaled TPM2B_PUBLIC
  Bytes ak_name;    // as the TPM reports it (checked against our own computation)
  std::uint32_t persistent_handle = 0;  // where the AK was made persistent, 0 when it was not
};

struct QuoteEvidence {
  Bytes nonce;
  PcrSelection selection;
  AkInfo ak;
  Bytes message;    // marshaled TPMS_ATTEST
  Bytes signature;  // marshaled TPMT_SIGNATURE
  PcrValues pcrs;   // read after the quote; their digest equals the quote's pcrDigest
};

// 1..64 bytes of hex (a TPM2B_DATA); ErrorKind::usage otherwise.
Result<Bytes> parse_nonce(std::string_view hex);

[[nodiscard]] Result<EkInfo> read_ek(const AgentOptions& options);
[[nodiscard]] Result<AkInfo> read_ak(const AgentOptions& options, AkAlg alg);
// read_ak, and the AK made persistent at `handle` so stock tools can use it
// (`tpm2_quote -c HANDLE`). Idempotent when the same key is already there;
// another object at `handle` is refused (ErrorKind::input), never replaced.
[[nodiscard]] Result<AkInfo> persist_ak(const AgentOptions& options, AkAlg alg, std::uint32_t handle);
[[nodiscard]] Result<QuoteEvidence> quote(const AgentOptions& options, AkAlg alg, const Bytes& nonce,
                                          const PcrSelection& selection);
[[nodiscard]] Result<PcrValues> read_pcrs(const AgentOptions& options, const PcrSelection& selection);
// ActivateCredential with the EK of `ek` and the AK of `alg`. `blob` is a marshaled
// TPM2B_ID_OBJECT, `encrypted_secret` a marshaled TPM2B_ENCRYPTED_SECRET (as
// TPM2_MakeCredential returns them); gives back the certInfo secret.
[[nodiscard]] Result<Bytes> activate(const AgentOptions& options, AkAlg alg, EkAlg ek, const Bytes& blob,
                                     const Bytes& encrypted_secret);

// The JSON documents `attest agent` prints (schemas attest.<kind>/v1).
nlohmann::ordered_json ek_json(const EkInfo& ek);
nlohmann::ordered_json ak_json(const AkInfo& ak);
nlohmann::ordered_json quote_json(const QuoteEvidence& quote);
nlohmann::ordered_json pcrs_json(const PcrValues& pcrs);
nlohmann::ordered_json activation_json(const Bytes& secret);

}  // namespace attest::tpm
