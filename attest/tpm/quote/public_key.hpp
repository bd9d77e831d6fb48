// TPM public keys: TPM2B_PUBLIC -> OpenSSL EVP_PKEY, PEM loading, and TPM
// Names / Qualified Names (TPM 2.0 Part 1, 16 "Names").
#pragma once

#include <tss2/tss2_tpm2_types.h>

#include <cstdint>
#include <span>
#include <string_view>

#include "attest/util/digest.hpp"
#include "attest/util/openssl_ptr.hpp"
#include "attest/util/result.hpp"

namespace attest::tpm {

inline constexpr std::uint32_t kRhEndorsement = 0x4000000B;  // TPM_RH_ENDORSEMENT, Part 2 7.4
inline constexpr std::uint32_t kRhOwner = 0x40000001;        // TPM_RH_OWNER

// The facts of a TPMT_PUBLIC (Part 2, 12.2.4) an enrollment policy checks.
struct TpmPublic {
  std::uint16_t type = 0;        // TPM_ALG_RSA 0x0001 or TPM_ALG_ECC 0x0023
  std::uint16_t name_alg = 0;
  std::uint32_t attributes = 0;  // TPMA_OBJECT bits (Part 2, 8.3)
  unsigned key_bits = 0;         // RSA modulus bits, or the curve's bits
  std::uint16_t curve = 0;       // TPM_ECC_CURVE for ECC keys
  Bytes tpmt_public;             // the marshaled TPMT_PUBLIC (what the Name hashes)
};

// Unmarshals a TPM2B_PUBLIC that is exactly `bytes`: every byte consumed and
// the size field equal to the size of the TPMT_PUBLIC after it (Part 2,
// 12.2.5; tss2-mu 3.2 does not check the size field). ErrorKind::parse.
[[nodiscard]] Result<TPM2B_PUBLIC> unmarshal_tpm2b_public(std::span<const std::uint8_t> bytes);

// Parses a marshaled TPM2B_PUBLIC (tpm2_readpublic -o, tpm2_createak -u in
// tss format). Every byte must be consumed. Errors are ErrorKind::parse.
[[nodiscard]] Result<TpmPublic> parse_tpm2b_public(std::span<const std::uint8_t> bytes);

// The OpenSSL public key of a marshaled TPM2B_PUBLIC: RSA (n, e) or ECC NIST
// P-256 / P-384 / P-521 (x, y). Other types and curves are ErrorKind::input.
[[nodiscard]] Result<EvpPkeyPtr> public_key_from_tpm2b_public(std::span<const std::uint8_t> bytes);

// The same from an unmarshaled public area (RSA, or ECC P-256/384/521).
[[nodiscard]] Result<EvpPkeyPtr> public_key_from_tpmt(const TPMT_PUBLIC& area);

// Name of an unmarshaled public area: marshals it and applies tpm_name().
[[nodiscard]] Result<Bytes> tpm_object_name(const TPMT_PUBLIC& area);

// A PEM "PUBLIC KEY" (SubjectPublicKeyInfo), as tpm2_createak -f pem writes.
[[nodiscard]] Result<EvpPkeyPtr> load_public_key_pem(std::string_view pem);

// Name of an object: nameAlg (2 bytes, big-endian) || H_nameAlg(TPMT_PUBLIC).
// Empty if the bytes are too short or nameAlg is not a known hash.
Bytes tpm_name(std::span<const std::uint8_t> tpmt_public);

// Qualified Name of a hierarchy: its handle, big-endian (Part 1, 16).
Bytes hierarchy_qualified_name(std::uint32_t handle);

// Qualified Name of a child: nameAlg || H_nameAlg(QN(parent) || Name(child)),
// with nameAlg taken from the child's Name. Empty for an unusable Name.
// TPMS_ATTEST.qualifiedSigner carries this value for the signing key.
Bytes tpm_qualified_name(std::span<const std::uint8_t> parent_qualified_name, std::span<const std::uint8_t> name);

}  // namespace attest::tpm
