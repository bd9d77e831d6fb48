// Attestation key checks at enrollment (TPM 2.0 Part 2 8.3 TPMA_OBJECT): the
// AK must be a restricted signing key that never leaves the TPM and was
// generated inside it, so that its quotes can only be over TPM-made data.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "attest/util/digest.hpp"
#include "attest/util/openssl_ptr.hpp"
#include "attest/util/result.hpp"

namespace attest::tpm {

struct AkCheck {
  Bytes name;          // nameAlg (u16 BE) || H(marshaled TPMT_PUBLIC), computed here
  EvpPkeyPtr key;      // the AK public key, for quote signature checks
  std::string alg;     // "rsa" or "ecc"
  std::uint16_t name_alg = 0;
};

// Unmarshals a TPM2B_PUBLIC (exactly, no trailing bytes) and requires:
// restricted, sign, fixedTPM, fixedParent, sensitiveDataOrigin set and decrypt
// clear; nameAlg SHA-256 or SHA-384; RSA >= 2048 bits or ECC NIST P-256/P-384.
// ErrorKind::crypto names every missing or wrong property; ErrorKind::parse
// for bytes that are not a TPM2B_PUBLIC.
Result<AkCheck> check_ak_public(std::span<const std::uint8_t> tpm2b_public);

}  // namespace attest::tpm
