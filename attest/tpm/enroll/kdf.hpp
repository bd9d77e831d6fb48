// The TPM's key derivation functions (TPM 2.0 Part 1 11.4.10), for computing
// in software what TPM2_MakeCredential computes inside a TPM.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "attest/util/digest.hpp"
#include "attest/util/result.hpp"

namespace attest::tpm::enroll_detail {

// KDFa (Part 1 11.4.10.2, SP 800-108 counter mode with HMAC-hashAlg):
// K(i) = HMAC(key, [i]32 || label || 0x00 || context_u || context_v || [bits]32),
// the concatenation truncated to bits/8 bytes. `bits` must be a multiple of 8.
Result<Bytes> kdf_a(std::uint16_t hash_alg, std::span<const std::uint8_t> key, std::string_view label,
                    std::span<const std::uint8_t> context_u, std::span<const std::uint8_t> context_v,
                    std::size_t bits);

// KDFe (Part 1 11.4.10.3, SP 800-56A concatenation KDF):
// K(i) = H([i]32 || z || label || 0x00 || party_u || party_v), truncated to bits/8 bytes.
Result<Bytes> kdf_e(std::uint16_t hash_alg, std::span<const std::uint8_t> z, std::string_view label,
                    std::span<const std::uint8_t> party_u, std::span<const std::uint8_t> party_v, std::size_t bits);

// HMAC-hashAlg(key, data).
Result<Bytes> hmac(std::uint16_t hash_alg, std::span<const std::uint8_t> key, std::span<const std::uint8_t> data);

}  // namespace attest::tpm::enroll_detail
