// TPM2_MakeCredential in software (TPM 2.0 Part 1 24 "Credential Protection",
// Part 3 12.6): the verifier binds a secret to "the key named `ak_name`,
// resident in the TPM that holds this EK". Only that TPM can run
// TPM2_ActivateCredential and give the secret back.
#pragma once

#include <cstdint>
#include <span>

#include "attest/util/digest.hpp"
#include "attest/util/result.hpp"

namespace attest::tpm {

inline constexpr std::size_t kCredentialSecretBytes = 32;

struct CredentialChallenge {
  Bytes credential_blob;   // marshaled TPM2B_ID_OBJECT: TPM2B(outerHMAC) || encIdentity
  Bytes encrypted_secret;  // marshaled TPM2B_ENCRYPTED_SECRET: the seed for the EK
};

// `ek_tpm2b_public`: the EK as a marshaled TPM2B_PUBLIC (a restricted
// decryption key, RSA or ECC, AES-CFB symmetric; the default TCG EK templates).
// `ak_name`: nameAlg || digest, as computed by check_ak_public.
// `secret`: 1..32 bytes (and no longer than the EK nameAlg's digest).
// RSA EK: seed from RAND_bytes, RSA-OAEP(nameAlg, label "IDENTITY\0").
// ECC EK: ephemeral ECDH on the EK's curve, seed = KDFe(Z, "IDENTITY", ...).
Result<CredentialChallenge> make_credential(std::span<const std::uint8_t> ek_tpm2b_public,
                                            std::span<const std::uint8_t> ak_name,
                                            std::span<const std::uint8_t> secret);

// 32 bytes from RAND_bytes; empty if the CSPRNG fails (make_credential then refuses it).
Bytes fresh_secret();

// Constant-time comparison (CRYPTO_memcmp); false when sizes differ or either is empty.
bool secrets_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);

// The file tpm2_makecredential writes and tpm2_activatecredential -i reads
// (tpm2-tools 5.x): u32 BE magic 0xBADCC0DE, u32 BE version 1,
// TPM2B_ID_OBJECT, TPM2B_ENCRYPTED_SECRET.
Bytes tpm2_tools_credential_file(const CredentialChallenge& challenge);

}  // namespace attest::tpm
