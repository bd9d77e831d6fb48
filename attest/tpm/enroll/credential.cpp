#include "attest/tpm/enroll/credential.hpp"

#include <string>

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include "attest/tpm/enroll/ek_seed.hpp"
#include "attest/tpm/enroll/kdf.hpp"
#include "attest/tpm/enroll/tpm_public.hpp"
#include "attest/tpm/pcr.hpp"
#include "attest/util/openssl_ptr.hpp"

namespace attest::tpm {
namespace {

using enroll_detail::to_hex_u16;

// The EK must be a storage-style key: restricted decrypt with AES-CFB
// (Part 1 24.4: the symmetric algorithm of the EK protects the credential).
Status check_ek(const TPMT_PUBLIC& ek) {
  const TPMA_OBJECT a = ek.objectAttributes;
  if ((a & TPMA_OBJECT_RESTRICTED) == 0 || (a & TPMA_OBJECT_DECRYPT) == 0 || (a & TPMA_OBJECT_SIGN_ENCRYPT) != 0) {
    return make_error(ErrorKind::crypto, "EK public is not a restricted decryption key");
  }
  if (hash_alg_size(ek.nameAlg) == 0) {
    return make_error(ErrorKind::crypto, "EK nameAlg 0x" + to_hex_u16(ek.nameAlg) + " is not supported");
  }
  const TPMT_SYM_DEF_OBJECT& sym = ek.parameters.asymDetail.symmetric;
  const unsigned bits = sym.keyBits.aes;
  if (sym.algorithm != TPM2_ALG_AES || sym.mode.aes != TPM2_ALG_CFB || (bits != 128 && bits != 192 && bits != 256)) {
    return make_error(ErrorKind::crypto, "EK symmetric algorithm is not AES-CFB (alg 0x" + to_hex_u16(sym.algorithm) +
                                             ", mode 0x" + to_hex_u16(sym.mode.aes) + ")");
  }
  return ok_status();
}

// A name is nameAlg (u16 BE) || digest of that algorithm (Part 1 16).
Status check_name(std::span<const std::uint8_t> name) {
  if (name.size() < 2) return make_error(ErrorKind::input, "AK name is shorter than its algorithm id");
  const auto alg = static_cast<std::uint16_t>(name[0] << 8 | name[1]);
  const std::size_t digest = hash_alg_size(alg);
  if (digest == 0 || name.size() != 2 + digest) {
    return make_error(ErrorKind::input, "AK name is not nameAlg || digest (alg 0x" + to_hex_u16(alg) + ", " +
                                            std::to_string(name.size()) + " bytes)");
  }
  return ok_status();
}

const EVP_CIPHER* aes_cfb(unsigned bits) {
  switch (bits) {
    case 128: return EVP_aes_128_cfb128();
    case 192: return EVP_aes_192_cfb128();
    default: return EVP_aes_256_cfb128();
  }
}

// encIdentity = CFB_symKey(IV = 0, TPM2B_DIGEST(secret)) (Part 1 24.4, Part 3 12.6).
Result<Bytes> encrypt_identity(unsigned key_bits, std::span<const std::uint8_t> sym_key,
                               std::span<const std::uint8_t> secret) {
  const Bytes plain = enroll_detail::tpm2b(secret);
  const unsigned char iv[16] = {};
  EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  Bytes out(plain.size() + 16);
  int len = 0;
  int tail = 0;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), aes_cfb(key_bits), nullptr, sym_key.data(), iv) != 1 ||
      EVP_EncryptUpdate(ctx.get(), out.data(), &len, plain.data(), static_cast<int>(plain.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), out.data() + len, &tail) != 1) {
    return make_error(ErrorKind::internal, "AES-CFB encryption: " + openssl_error_text());
  }
  out.resize(static_cast<std::size_t>(len + tail));
  return out;
}

// credentialBlob = TPM2B(outerHMAC) || encIdentity, with
// outerHMAC = HMAC(KDFa(seed, "INTEGRITY"), encIdentity || name) (Part 1 24.5).
Result<Bytes> credential_blob(const TPMT_PUBLIC& ek, std::span<const std::uint8_t> seed,
                              std::span<const std::uint8_t> ak_name, std::span<const std::uint8_t> secret) {
  const unsigned key_bits = ek.parameters.asymDetail.symmetric.keyBits.aes;
  auto sym_key = enroll_detail::kdf_a(ek.nameAlg, seed, "STORAGE", ak_name, {}, key_bits);
  if (!sym_key) return sym_key.error();
  auto enc_identity = encrypt_identity(key_bits, *sym_key, secret);
  if (!enc_identity) return enc_identity.error();
  auto hmac_key = enroll_detail::kdf_a(ek.nameAlg, seed, "INTEGRITY", {}, {}, 8 * hash_alg_size(ek.nameAlg));
  if (!hmac_key) return hmac_key.error();
  Bytes mac_input = *enc_identity;
  mac_input.insert(mac_input.end(), ak_name.begin(), ak_name.end());
  auto outer_hmac = enroll_detail::hmac(ek.nameAlg, *hmac_key, mac_input);
  if (!outer_hmac) return outer_hmac.error();
  Bytes blob = enroll_detail::tpm2b(*outer_hmac);
  blob.insert(blob.end(), enc_identity->begin(), enc_identity->end());
  return blob;
}

}  // namespace

Result<CredentialChallenge> make_credential(std::span<const std::uint8_t> ek_tpm2b_public,
                                            std::span<const std::uint8_t> ak_name,
                                            std::span<const std::uint8_t> secret) {
  auto pub = enroll_detail::unmarshal_public(ek_tpm2b_public, "EK public");
  if (!pub) return pub.error();
  const TPMT_PUBLIC& ek = pub->publicArea;
  if (auto st = check_ek(ek); !st) return st.error();
  if (auto st = check_name(ak_name); !st) return st.error();
  const std::size_t max_secret = std::min(kCredentialSecretBytes, hash_alg_size(ek.nameAlg));
  if (secret.empty() || secret.size() > max_secret) {
    return make_error(ErrorKind::input, "credential secret must be 1.." + std::to_string(max_secret) + " bytes");
  }
  auto seed = enroll_detail::make_seed(ek, "IDENTITY");
  if (!seed) return seed.error();
  auto blob = credential_blob(ek, seed->seed, ak_name, secret);
  if (!blob) return blob.error();
  return CredentialChallenge{enroll_detail::tpm2b(*blob), enroll_detail::tpm2b(seed->encrypted)};
}

Bytes fresh_secret() {
  Bytes out(kCredentialSecretBytes);
  if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) return {};
  return out;
}

bool secrets_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  if (a.empty() || a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

Bytes tpm2_tools_credential_file(const CredentialChallenge& challenge) {
  Bytes out{0xba, 0xdc, 0xc0, 0xde, 0x00, 0x00, 0x00, 0x01};
  out.insert(out.end(), challenge.credential_blob.begin(), challenge.credential_blob.end());
  out.insert(out.end(), challenge.encrypted_secret.begin(), challenge.encrypted_secret.end());
  return out;
}

}  // namespace attest::tpm
