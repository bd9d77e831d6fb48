#include "attest/tpm/enroll/tpm_public.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <string>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <tss2/tss2_mu.h>

#include "attest/tpm/pcr.hpp"

namespace attest::tpm::enroll_detail {
namespace {

using BignumPtr = std::unique_ptr<BIGNUM, OpenSslDeleter<BN_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, OpenSslDeleter<OSSL_PARAM_BLD_free>>;
using ParamsPtr = std::unique_ptr<OSSL_PARAM, OpenSslDeleter<OSSL_PARAM_free>>;

constexpr std::uint32_t kDefaultRsaExponent = 65537;  // Part 2 12.2.3.5: exponent 0 means 2^16 + 1

Error crypto_error(const std::string& what) { return make_error(ErrorKind::crypto, what + ": " + openssl_error_text()); }

// EVP_PKEY_fromdata over parameters already placed in `bld`.
Result<EvpPkeyPtr> key_from_params(const char* type, OSSL_PARAM_BLD* bld) {
  ParamsPtr params(OSSL_PARAM_BLD_to_param(bld));
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return crypto_error(std::string("EVP_PKEY_fromdata(") + type + ")");
  }
  return EvpPkeyPtr(raw);
}

Result<EvpPkeyPtr> rsa_key(const TPMT_PUBLIC& area) {
  const TPM2B_PUBLIC_KEY_RSA& n = area.unique.rsa;
  if (n.size == 0) return make_error(ErrorKind::parse, "RSA public area has an empty modulus");
  const std::uint32_t exponent = area.parameters.rsaDetail.exponent == 0 ? kDefaultRsaExponent
                                                                          : area.parameters.rsaDetail.exponent;
  BignumPtr bn_n(BN_bin2bn(n.buffer, n.size, nullptr));
  BignumPtr bn_e(BN_new());
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bn_n || !bn_e || !bld || BN_set_word(bn_e.get(), exponent) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1) {
    return crypto_error("building RSA key parameters");
  }
  return key_from_params("RSA", bld.get());
}

struct Curve {
  const char* group;
  std::size_t field_bytes;
};

const Curve* curve_of(TPMI_ECC_CURVE id) {
  static constexpr Curve p256{"P-256", 32}, p384{"P-384", 48}, p521{"P-521", 66};
  switch (id) {
    case TPM2_ECC_NIST_P256: return &p256;
    case TPM2_ECC_NIST_P384: return &p384;
    case TPM2_ECC_NIST_P521: return &p521;
    default: return nullptr;
  }
}

// Appends a coordinate left-padded to the field size (SEC 1 2.3.5 needs fixed width).
bool append_coordinate(Bytes& out, const TPM2B_ECC_PARAMETER& c, std::size_t width) {
  if (c.size > width) return false;
  out.insert(out.end(), width - c.size, 0);
  out.insert(out.end(), c.buffer, c.buffer + c.size);
  return true;
}

Result<EvpPkeyPtr> ecc_key(const TPMT_PUBLIC& area) {
  const Curve* curve = curve_of(area.parameters.eccDetail.curveID);
  if (curve == nullptr) {
    return make_error(ErrorKind::crypto, "unsupported ECC curve 0x" + to_hex_u16(area.parameters.eccDetail.curveID));
  }
  Bytes point{0x04};  // uncompressed point, SEC 1 2.3.3
  if (!append_coordinate(point, area.unique.ecc.x, curve->field_bytes) ||
      !append_coordinate(point, area.unique.ecc.y, curve->field_bytes)) {
    return make_error(ErrorKind::parse, "ECC point coordinate longer than the curve's field");
  }
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld || OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve->group, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) != 1) {
    return crypto_error("building EC key parameters");
  }
  return key_from_params("EC", bld.get());
}

}  // namespace

std::string to_hex_u16(std::uint16_t v) {
  const std::array<std::uint8_t, 2> b{static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v & 0xff)};
  return to_hex(b.data(), b.size());
}

Result<TPM2B_PUBLIC> unmarshal_public(std::span<const std::uint8_t> bytes, std::string_view what) {
  if (bytes.empty()) return make_error(ErrorKind::parse, std::string(what) + ": empty");
  TPM2B_PUBLIC out{};
  std::size_t offset = 0;
  const TSS2_RC rc = Tss2_MU_TPM2B_PUBLIC_Unmarshal(bytes.data(), bytes.size(), &offset, &out);
  if (rc != TSS2_RC_SUCCESS) {
    return make_error(ErrorKind::parse, std::string(what) + ": not a marshaled TPM2B_PUBLIC (Tss2_MU rc 0x" +
                                            to_hex_u16(static_cast<std::uint16_t>(rc & 0xffff)) + ")");
  }
  if (offset != bytes.size()) {
    return make_error(ErrorKind::parse, std::string(what) + ": " + std::to_string(bytes.size() - offset) +
                                            " trailing bytes after the TPM2B_PUBLIC");
  }
  return out;
}

Result<EvpPkeyPtr> key_from_tpmt_public(const TPMT_PUBLIC& area) {
  switch (area.type) {
    case TPM2_ALG_RSA: return rsa_key(area);
    case TPM2_ALG_ECC: return ecc_key(area);
    default: return make_error(ErrorKind::crypto, "public area type 0x" + to_hex_u16(area.type) + " is not RSA or ECC");
  }
}

Result<Bytes> object_name(const TPMT_PUBLIC& area) {
  std::array<std::uint8_t, sizeof(TPMT_PUBLIC)> buf{};
  std::size_t size = 0;
  if (Tss2_MU_TPMT_PUBLIC_Marshal(&area, buf.data(), buf.size(), &size) != TSS2_RC_SUCCESS) {
    return make_error(ErrorKind::internal, "Tss2_MU_TPMT_PUBLIC_Marshal failed");
  }
  const Bytes digest = hash_with(area.nameAlg, std::string_view(reinterpret_cast<const char*>(buf.data()), size));
  if (digest.empty()) return make_error(ErrorKind::crypto, "unsupported nameAlg 0x" + to_hex_u16(area.nameAlg));
  Bytes name(2 + digest.size());
  name[0] = static_cast<std::uint8_t>(area.nameAlg >> 8);
  name[1] = static_cast<std::uint8_t>(area.nameAlg & 0xff);
  std::copy(digest.begin(), digest.end(), name.begin() + 2);
  return name;
}

Bytes tpm2b(std::span<const std::uint8_t> data) {
  // Sized up front: GCC 12 -O2 reports a false -Warray-bounds on insert() after a 2-element init list.
  Bytes out(2 + data.size());
  out[0] = static_cast<std::uint8_t>(data.size() >> 8);
  out[1] = static_cast<std::uint8_t>(data.size() & 0xff);
  std::copy(data.begin(), data.end(), out.begin() + 2);
  return out;
}

}  // namespace attest::tpm::enroll_detail
