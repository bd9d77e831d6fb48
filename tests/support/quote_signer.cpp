#include "quote_signer.hpp"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <tss2/tss2_mu.h>

#include <memory>

#include "attest/tpm/pcr.hpp"
#include "attest/util/openssl_ptr.hpp"

namespace attest::testing {
namespace {

using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, OpenSslDeleter<ECDSA_SIG_free>>;

const EVP_MD* md_for(std::uint16_t alg) {
  return alg == tpm::kAlgSha1 ? EVP_sha1() : alg == tpm::kAlgSha384 ? EVP_sha384() : EVP_sha256();
}

Result<Bytes> ecdsa_der(EVP_PKEY* key, std::span<const std::uint8_t> msg, std::uint16_t hash_alg) {
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  std::size_t len = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, md_for(hash_alg), nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, msg.data(), msg.size()) != 1) {
    return make_error(ErrorKind::internal, "EVP_DigestSign: " + openssl_error_text());
  }
  Bytes der(len);
  if (EVP_DigestSign(ctx.get(), der.data(), &len, msg.data(), msg.size()) != 1) {
    return make_error(ErrorKind::internal, "EVP_DigestSign: " + openssl_error_text());
  }
  der.resize(len);
  return der;
}

}  // namespace

Result<Bytes> ecdsa_tpmt_signature(EVP_PKEY* key, std::span<const std::uint8_t> message, std::uint16_t hash_alg) {
  auto der = ecdsa_der(key, message, hash_alg);
  if (!der) return der.error();
  const unsigned char* p = der->data();
  EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der->size())));
  if (!sig) return make_error(ErrorKind::internal, "d2i_ECDSA_SIG: " + openssl_error_text());
  TPMT_SIGNATURE t{};
  t.sigAlg = TPM2_ALG_ECDSA;
  t.signature.ecdsa.hash = hash_alg;
  auto& ecdsa = t.signature.ecdsa;
  ecdsa.signatureR.size = static_cast<UINT16>(BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), ecdsa.signatureR.buffer, 32));
  ecdsa.signatureS.size = static_cast<UINT16>(BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), ecdsa.signatureS.buffer, 32));
  Bytes out(sizeof(TPMT_SIGNATURE));
  std::size_t offset = 0;
  if (Tss2_MU_TPMT_SIGNATURE_Marshal(&t, out.data(), out.size(), &offset) != TSS2_RC_SUCCESS) {
    return make_error(ErrorKind::internal, "Tss2_MU_TPMT_SIGNATURE_Marshal failed");
  }
  out.resize(offset);
  return out;
}

}  // namespace attest::testing
