#include "attest/tpm/quote/public_key.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <tss2/tss2_mu.h>

#include <array>
#include <string>

#include "attest/tpm/pcr.hpp"

namespace attest::tpm {
namespace {

using BignumPtr = std::unique_ptr<BIGNUM, OpenSslDeleter<BN_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, OpenSslDeleter<OSSL_PARAM_BLD_free>>;
using ParamPtr = std::unique_ptr<OSSL_PARAM, OpenSslDeleter<OSSL_PARAM_free>>;

Error internal(const char* call) { return make_error(ErrorKind::internal, std::string(call) + ": " + openssl_error_text()); }

// Builds a public EVP_PKEY of `type` ("RSA", "EC") from OSSL_PARAMs.
Result<EvpPkeyPtr> from_params(const char* type, OSSL_PARAM_BLD* bld) {
  ParamPtr params(OSSL_PARAM_BLD_to_param(bld));
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) return internal("EVP_PKEY_fromdata_init");
  EVP_PKEY* key = nullptr;
  if (EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return make_error(ErrorKind::input, std::string("TPM2B_PUBLIC: not a valid ") + type + " public key: " +
                                            openssl_error_text());
  }
  return EvpPkeyPtr(key);
}

Result<EvpPkeyPtr> rsa_key(const TPMT_PUBLIC& p) {
  // exponent 0 means the default 2^16 + 1 (Part 2, 12.2.3.5 TPMS_RSA_PARMS).
  const std::uint32_t e = p.parameters.rsaDetail.exponent ? p.parameters.rsaDetail.exponent : 65537u;
  BignumPtr n(BN_bin2bn(p.unique.rsa.buffer, p.unique.rsa.size, nullptr));
  BignumPtr bn_e(BN_new());
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!n || !bn_e || !bld || BN_set_word(bn_e.get(), e) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1) {
    return internal("OSSL_PARAM_BLD_push_BN");
  }
  return from_params("RSA", bld.get());
}

struct Curve {
  std::uint16_t id;
  const char* name;
  std::size_t size;  // field size in bytes
  unsigned bits;
};
constexpr Curve kCurves[] = {{TPM2_ECC_NIST_P256, "prime256v1", 32, 256},
                             {TPM2_ECC_NIST_P384, "secp384r1", 48, 384},
                             {TPM2_ECC_NIST_P521, "secp521r1", 66, 521}};

Result<EvpPkeyPtr> ecc_key(const TPMT_PUBLIC& p) {
  const Curve* curve = nullptr;
  for (const auto& c : kCurves)
    if (c.id == p.parameters.eccDetail.curveID) curve = &c;
  if (!curve) return make_error(ErrorKind::input, "TPM2B_PUBLIC: ECC curve " + std::to_string(p.parameters.eccDetail.curveID) + " is not supported (P-256, P-384, P-521)");
  const TPM2B_ECC_PARAMETER& x = p.unique.ecc.x;
  const TPM2B_ECC_PARAMETER& y = p.unique.ecc.y;
  if (x.size > curve->size || y.size > curve->size) return make_error(ErrorKind::input, "TPM2B_PUBLIC: ECC point too large");
  // Uncompressed point 04 || X || Y, coordinates left-padded to the field size (SEC 1, 2.3.3).
  Bytes point(1 + 2 * curve->size, 0);
  point[0] = 0x04;
  std::copy(x.buffer, x.buffer + x.size, point.begin() + static_cast<std::ptrdiff_t>(1 + curve->size - x.size));
  std::copy(y.buffer, y.buffer + y.size, point.end() - static_cast<std::ptrdiff_t>(y.size));
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld || OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve->name, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) != 1) {
    return internal("OSSL_PARAM_BLD_push");
  }
  return from_params("EC", bld.get());
}

}  // namespace

Result<TPM2B_PUBLIC> unmarshal_tpm2b_public(std::span<const std::uint8_t> bytes) {
  TPM2B_PUBLIC pub{};
  std::size_t offset = 0;
  if (Tss2_MU_TPM2B_PUBLIC_Unmarshal(bytes.data(), bytes.size(), &offset, &pub) != TSS2_RC_SUCCESS) {
    return make_error(ErrorKind::parse, "TPM2B_PUBLIC: not a valid structure (" + std::to_string(bytes.size()) + " bytes)");
  }
  if (offset != bytes.size()) {
    return make_error(ErrorKind::parse, "TPM2B_PUBLIC: " + std::to_string(bytes.size() - offset) + " trailing bytes");
  }
  // A wrong size field is a malformed structure even though tss2-mu accepts it:
  // a reader that trusts the size would see another TPMT_PUBLIC than the Name covers.
  if (pub.size != bytes.size() - 2) {
    return make_error(ErrorKind::parse, "TPM2B_PUBLIC: size field " + std::to_string(pub.size) + " is not the " +
                                            std::to_string(bytes.size() - 2) + " bytes of the TPMT_PUBLIC");
  }
  return pub;
}

Result<TpmPublic> parse_tpm2b_public(std::span<const std::uint8_t> bytes) {
  auto pub = unmarshal_tpm2b_public(bytes);
  if (!pub) return pub.error();
  const TPMT_PUBLIC& p = pub->publicArea;
  TpmPublic out;
  out.type = p.type;
  out.name_alg = p.nameAlg;
  out.attributes = p.objectAttributes;
  if (p.type == TPM2_ALG_RSA) out.key_bits = p.parameters.rsaDetail.keyBits;
  if (p.type == TPM2_ALG_ECC) {
    out.curve = p.parameters.eccDetail.curveID;
    for (const auto& c : kCurves)
      if (c.id == out.curve) out.key_bits = c.bits;
  }
  // TPM2B_PUBLIC = size (2 bytes) || TPMT_PUBLIC (Part 2, 12.2.5).
  out.tpmt_public.assign(bytes.begin() + 2, bytes.end());
  return out;
}

Result<EvpPkeyPtr> public_key_from_tpmt(const TPMT_PUBLIC& area) {
  switch (area.type) {
    case TPM2_ALG_RSA: return rsa_key(area);
    case TPM2_ALG_ECC: return ecc_key(area);
    default:
      return make_error(ErrorKind::input, "TPM2B_PUBLIC: key type " + std::to_string(area.type) +
                                              " is neither RSA nor ECC");
  }
}

Result<EvpPkeyPtr> public_key_from_tpm2b_public(std::span<const std::uint8_t> bytes) {
  auto pub = unmarshal_tpm2b_public(bytes);
  if (!pub) return pub.error();
  return public_key_from_tpmt(pub->publicArea);
}

Result<Bytes> tpm_object_name(const TPMT_PUBLIC& area) {
  std::array<std::uint8_t, sizeof(TPMT_PUBLIC)> buf{};
  std::size_t size = 0;
  if (Tss2_MU_TPMT_PUBLIC_Marshal(&area, buf.data(), buf.size(), &size) != TSS2_RC_SUCCESS) {
    return make_error(ErrorKind::internal, "Tss2_MU_TPMT_PUBLIC_Marshal failed");
  }
  Bytes name = tpm_name(std::span<const std::uint8_t>(buf.data(), size));
  if (name.empty()) return make_error(ErrorKind::crypto, "unsupported nameAlg " + std::to_string(area.nameAlg));
  return name;
}

Result<EvpPkeyPtr> load_public_key_pem(std::string_view pem) {
  if (pem.size() > 1u << 20) return make_error(ErrorKind::input, "public key PEM: too large");
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return internal("BIO_new_mem_buf");
  EVP_PKEY* key = PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr);
  if (!key) return make_error(ErrorKind::input, "public key PEM: not a PUBLIC KEY (" + openssl_error_text() + ")");
  return EvpPkeyPtr(key);
}

Bytes tpm_name(std::span<const std::uint8_t> tpmt_public) {
  if (tpmt_public.size() < 4) return {};
  // TPMT_PUBLIC starts with type (2 bytes) then nameAlg (2 bytes), big-endian.
  const auto alg = static_cast<std::uint16_t>(tpmt_public[2] << 8 | tpmt_public[3]);
  const Bytes digest = hash_with(alg, std::string_view(reinterpret_cast<const char*>(tpmt_public.data()), tpmt_public.size()));
  if (digest.empty()) return {};
  Bytes name{tpmt_public[2], tpmt_public[3]};
  name.insert(name.end(), digest.begin(), digest.end());
  return name;
}

Bytes hierarchy_qualified_name(std::uint32_t handle) {
  return {static_cast<std::uint8_t>(handle >> 24), static_cast<std::uint8_t>(handle >> 16),
          static_cast<std::uint8_t>(handle >> 8), static_cast<std::uint8_t>(handle)};
}

Bytes tpm_qualified_name(std::span<const std::uint8_t> parent_qualified_name, std::span<const std::uint8_t> name) {
  if (name.size() < 2) return {};
  const auto alg = static_cast<std::uint16_t>(name[0] << 8 | name[1]);
  std::string data(parent_qualified_name.begin(), parent_qualified_name.end());
  data.append(name.begin(), name.end());
  const Bytes digest = hash_with(alg, data);
  if (digest.empty()) return {};
  Bytes qn{name[0], name[1]};
  qn.insert(qn.end(), digest.begin(), digest.end());
  return qn;
}

}  // namespace attest::tpm
