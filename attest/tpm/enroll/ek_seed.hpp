// Secret sharing with a TPM key (TPM 2.0 Part 1 11.4.4.2 / Annex B.10.3 for
// RSA, C.6.1 for ECC): a seed only the holder of the EK private key can recover.
#pragma once

#include <string_view>

#include <tss2/tss2_tpm2_types.h>

#include "attest/util/digest.hpp"
#include "attest/util/result.hpp"

namespace attest::tpm::enroll_detail {

struct SharedSeed {
  Bytes seed;       // nameAlg digest size
  Bytes encrypted;  // TPMU_ENCRYPTED_SECRET contents (without the TPM2B size)
};

// RSA: seed = RAND_bytes, encrypted = RSA-OAEP(hash = nameAlg, label = `label` + NUL).
// ECC: ephemeral key on the EK's curve, Z = x(ECDH), seed = KDFe(nameAlg, Z,
// label, ephemeral.x, ek.x), encrypted = marshaled TPMS_ECC_POINT (ephemeral).
Result<SharedSeed> make_seed(const TPMT_PUBLIC& key, std::string_view label);

}  // namespace attest::tpm::enroll_detail
