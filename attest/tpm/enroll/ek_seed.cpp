#include "attest/tpm/enroll/ek_seed.hpp"

#include <string>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include "attest/tpm/enroll/kdf.hpp"
#include "attest/tpm/enroll/tpm_public.hpp"
#include "attest/tpm/quote/public_key.hpp"
#include "attest/tpm/pcr.hpp"
#include "attest/util/openssl_ptr.hpp"

namespace attest::tpm::enroll_detail {
namespace {

using BignumPtr = std::unique_ptr<BIGNUM, OpenSslDeleter<BN_free>>;

Error crypto_call(const char* call) { return make_error(ErrorKind::internal, std::string(call) + ": " + openssl_error_text()); }

// OAEP label: the text and its terminating NUL (Part 1 B.10.3: "IDENTITY\0").
Status set_oaep(EVP_PKEY_CTX* ctx, const char* md, std::string_view label) {
  auto* copy = static_cast<unsigned char*>(OPENSSL_malloc(label.size() + 1));
  if (copy == nullptr) return crypto_call("OPENSSL_malloc");
  std::copy(label.begin(), label.end(), copy);
  copy[label.size()] = 0;
  if (EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) != 1 ||
      EVP_PKEY_CTX_set_rsa_oaep_md_name(ctx, md, nullptr) != 1 ||
      EVP_PKEY_CTX_set_rsa_mgf1_md_name(ctx, md, nullptr) != 1) {
    OPENSSL_free(copy);
    return crypto_call("EVP_PKEY_CTX_set_rsa_oaep_md");
  }
  if (EVP_PKEY_CTX_set0_rsa_oaep_label(ctx, copy, static_cast<int>(label.size() + 1)) != 1) {
    OPENSSL_free(copy);
    return crypto_call("EVP_PKEY_CTX_set0_rsa_oaep_label");
  }
  return ok_status();  // ctx owns the label now
}

Result<SharedSeed> rsa_seed(const TPMT_PUBLIC& key, std::string_view label) {
  auto pkey = public_key_from_tpmt(key);
  if (!pkey) return pkey.error();
  SharedSeed out{Bytes(hash_alg_size(key.nameAlg)), {}};
  if (RAND_bytes(out.seed.data(), static_cast<int>(out.seed.size())) != 1) return crypto_call("RAND_bytes");
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey->get(), nullptr));
  if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) != 1) return crypto_call("EVP_PKEY_encrypt_init");
  if (auto st = set_oaep(ctx.get(), hash_alg_name(key.nameAlg), label); !st) return st.error();
  std::size_t len = 0;
  if (EVP_PKEY_encrypt(ctx.get(), nullptr, &len, out.seed.data(), out.seed.size()) != 1) {
    return crypto_call("EVP_PKEY_encrypt");
  }
  out.encrypted.resize(len);
  if (EVP_PKEY_encrypt(ctx.get(), out.encrypted.data(), &len, out.seed.data(), out.seed.size()) != 1) {
    return crypto_call("EVP_PKEY_encrypt");
  }
  out.encrypted.resize(len);
  return out;
}

// A public coordinate of an EC key, left-padded to the field size.
Result<Bytes> coordinate(EVP_PKEY* key, const char* param, std::size_t width) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key, param, &raw) != 1) return crypto_call("EVP_PKEY_get_bn_param");
  BignumPtr bn(raw);
  Bytes out(width);
  if (BN_bn2binpad(bn.get(), out.data(), static_cast<int>(width)) < 0) return crypto_call("BN_bn2binpad");
  return out;
}

Result<Bytes> ecdh(EVP_PKEY* ours, EVP_PKEY* peer) {
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, ours, nullptr));
  std::size_t len = 0;
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 || EVP_PKEY_derive_set_peer(ctx.get(), peer) != 1 ||
      EVP_PKEY_derive(ctx.get(), nullptr, &len) != 1) {
    return crypto_call("EVP_PKEY_derive");
  }
  Bytes z(len);
  if (EVP_PKEY_derive(ctx.get(), z.data(), &len) != 1) return crypto_call("EVP_PKEY_derive");
  z.resize(len);
  return z;
}

Result<SharedSeed> ecc_seed(const TPMT_PUBLIC& key, std::string_view label) {
  auto ek = public_key_from_tpmt(key);
  if (!ek) return ek.error();
  EvpPkeyPtr eph;
  EvpPkeyCtxPtr gen(EVP_PKEY_CTX_new_from_pkey(nullptr, ek->get(), nullptr));  // same group as the EK
  EVP_PKEY* raw = nullptr;
  if (!gen || EVP_PKEY_keygen_init(gen.get()) != 1 || EVP_PKEY_keygen(gen.get(), &raw) != 1) {
    return crypto_call("EVP_PKEY_keygen (ephemeral ECDH key)");
  }
  eph.reset(raw);
  const auto width = static_cast<std::size_t>((EVP_PKEY_get_bits(eph.get()) + 7) / 8);
  auto x = coordinate(eph.get(), OSSL_PKEY_PARAM_EC_PUB_X, width);
  auto y = coordinate(eph.get(), OSSL_PKEY_PARAM_EC_PUB_Y, width);
  if (!x || !y) return x ? y.error() : x.error();
  auto z = ecdh(eph.get(), ek->get());
  if (!z) return z.error();
  const TPM2B_ECC_PARAMETER& ek_x = key.unique.ecc.x;
  auto seed = kdf_e(key.nameAlg, *z, label, *x, {ek_x.buffer, ek_x.size}, 8 * hash_alg_size(key.nameAlg));
  OPENSSL_cleanse(z->data(), z->size());
  if (!seed) return seed.error();
  Bytes point = tpm2b(*x);  // TPMS_ECC_POINT: TPM2B x || TPM2B y (Part 2 11.2.5.2)
  const Bytes y2b = tpm2b(*y);
  point.insert(point.end(), y2b.begin(), y2b.end());
  return SharedSeed{std::move(*seed), std::move(point)};
}

}  // namespace

Result<SharedSeed> make_seed(const TPMT_PUBLIC& key, std::string_view label) {
  switch (key.type) {
    case TPM2_ALG_RSA: return rsa_seed(key, label);
    case TPM2_ALG_ECC: return ecc_seed(key, label);
    default: return make_error(ErrorKind::crypto, "EK type 0x" + to_hex_u16(key.type) + " is not RSA or ECC");
  }
}

}  // namespace attest::tpm::enroll_detail
