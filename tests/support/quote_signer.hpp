// A software stand-in for a TPM's quote signature: ECDSA over any bytes with
// any EC key, marshaled as the TPMT_SIGNATURE tpm2_quote -s writes. Used to
// forge quotes (unit tests) and to get fuzzed quotes past the signature check
// (fuzz targets), so it reports errors instead of asserting.
#pragma once

#include <cstdint>
#include <span>

#include <openssl/evp.h>

#include "attest/util/digest.hpp"
#include "attest/util/result.hpp"

namespace attest::testing {

// TPMT_SIGNATURE {TPM_ALG_ECDSA, hash_alg, r, s} (Part 2, 11.3.4) over
// `message`; hash_alg is sha1, sha256 (default) or sha384. r and s are padded
// to the P-256 size of 32 bytes.
[[nodiscard]] Result<Bytes> ecdsa_tpmt_signature(EVP_PKEY* key, std::span<const std::uint8_t> message,
                                                 std::uint16_t hash_alg);

}  // namespace attest::testing
