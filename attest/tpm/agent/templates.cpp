#include "attest/tpm/agent/templates.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "attest/tpm/quote/public_key.hpp"

namespace attest::tpm {
namespace {

// PolicySecret(TPM_RH_ENDORSEMENT) with SHA-256: the authPolicy of every TCG
// default EK template (EK Credential Profile, B.3.3).
constexpr std::array<std::uint8_t, 32> kEkAuthPolicy = {
    0x83, 0x71, 0x97, 0x67, 0x44, 0x84, 0xb3, 0xf8, 0x1a, 0x90, 0xcc, 0x8d, 0x46, 0xa5, 0xd7, 0x24,
    0xfd, 0x52, 0xd7, 0x6e, 0x06, 0x52, 0x0b, 0x64, 0xf2, 0xa1, 0xda, 0x1b, 0x33, 0x14, 0x69, 0xaa};

constexpr TPMA_OBJECT kAkAttributes = TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT |
                                      TPMA_OBJECT_SENSITIVEDATAORIGIN | TPMA_OBJECT_USERWITHAUTH |
                                      TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_SIGN_ENCRYPT;

// What both AK templates share: type, SHA-256 name, restricted-signing attributes.
TPM2B_PUBLIC ak_base(TPMI_ALG_PUBLIC type) {
  TPM2B_PUBLIC t{};
  t.publicArea.type = type;
  t.publicArea.nameAlg = TPM2_ALG_SHA256;
  t.publicArea.objectAttributes = kAkAttributes;
  return t;
}

// The storage cipher of both default EKs: AES-128-CFB.
constexpr TPMT_SYM_DEF_OBJECT kEkSymmetric = {TPM2_ALG_AES, {.aes = 128}, {.aes = TPM2_ALG_CFB}};

// What both EK templates share (EK Credential Profile B.3.3, B.3.4):
// restricted decryption key, adminWithPolicy, PolicySecret(endorsement).
TPM2B_PUBLIC ek_base(TPMI_ALG_PUBLIC type) {
  TPM2B_PUBLIC t{};
  TPMT_PUBLIC& p = t.publicArea;
  p.type = type;
  p.nameAlg = TPM2_ALG_SHA256;
  p.objectAttributes = TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN |
                       TPMA_OBJECT_ADMINWITHPOLICY | TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT;
  p.authPolicy.size = kEkAuthPolicy.size();
  std::copy(kEkAuthPolicy.begin(), kEkAuthPolicy.end(), p.authPolicy.buffer);
  return t;
}

TPM2B_PUBLIC ak_ecc() {
  TPM2B_PUBLIC t = ak_base(TPM2_ALG_ECC);
  TPMT_PUBLIC& p = t.publicArea;
  p.parameters.eccDetail.symmetric.algorithm = TPM2_ALG_NULL;
  p.parameters.eccDetail.scheme.scheme = TPM2_ALG_ECDSA;
  p.parameters.eccDetail.scheme.details.ecdsa.hashAlg = TPM2_ALG_SHA256;
  p.parameters.eccDetail.curveID = TPM2_ECC_NIST_P256;
  p.parameters.eccDetail.kdf.scheme = TPM2_ALG_NULL;
  return t;
}

TPM2B_PUBLIC ak_rsa() {
  TPM2B_PUBLIC t = ak_base(TPM2_ALG_RSA);
  TPMT_PUBLIC& p = t.publicArea;
  p.parameters.rsaDetail.symmetric.algorithm = TPM2_ALG_NULL;
  p.parameters.rsaDetail.scheme.scheme = TPM2_ALG_RSASSA;
  p.parameters.rsaDetail.scheme.details.rsassa.hashAlg = TPM2_ALG_SHA256;
  p.parameters.rsaDetail.keyBits = 2048;
  p.parameters.rsaDetail.exponent = 0;  // 0 means the default, 65537
  return t;
}

}  // namespace

const char* to_string(AkAlg alg) { return alg == AkAlg::ecc ? "ecc" : "rsa"; }

Result<AkAlg> parse_ak_alg(std::string_view text, std::string_view flag) {
  if (text == "ecc") return AkAlg::ecc;
  if (text == "rsa") return AkAlg::rsa;
  return make_error(ErrorKind::usage, std::string(flag) + " must be ecc or rsa, not '" + std::string(text) + "'");
}

TPM2B_PUBLIC ek_rsa_template() {
  TPM2B_PUBLIC t = ek_base(TPM2_ALG_RSA);
  TPMT_PUBLIC& p = t.publicArea;
  p.parameters.rsaDetail.symmetric = kEkSymmetric;
  p.parameters.rsaDetail.scheme.scheme = TPM2_ALG_NULL;
  p.parameters.rsaDetail.keyBits = 2048;
  p.parameters.rsaDetail.exponent = 0;
  p.unique.rsa.size = 256;  // zeros, as the profile says
  return t;
}

TPM2B_PUBLIC ek_ecc_template() {
  TPM2B_PUBLIC t = ek_base(TPM2_ALG_ECC);
  TPMT_PUBLIC& p = t.publicArea;
  p.parameters.eccDetail.symmetric = kEkSymmetric;
  p.parameters.eccDetail.scheme.scheme = TPM2_ALG_NULL;
  p.parameters.eccDetail.curveID = TPM2_ECC_NIST_P256;
  p.parameters.eccDetail.kdf.scheme = TPM2_ALG_NULL;
  p.unique.ecc.x.size = 32;  // zeros, as the profile says
  p.unique.ecc.y.size = 32;
  return t;
}

TPM2B_PUBLIC ek_template(EkAlg alg) { return alg == EkAlg::ecc ? ek_ecc_template() : ek_rsa_template(); }

TPM2B_PUBLIC ak_template(AkAlg alg) { return alg == AkAlg::ecc ? ak_ecc() : ak_rsa(); }

Result<Bytes> object_name(const TPMT_PUBLIC& public_area) {
  if (public_area.nameAlg != TPM2_ALG_SHA256) {
    return make_error(ErrorKind::input, "object name: nameAlg " + std::to_string(public_area.nameAlg) +
                                            " is not SHA-256");
  }
  return tpm_object_name(public_area);
}

}  // namespace attest::tpm
