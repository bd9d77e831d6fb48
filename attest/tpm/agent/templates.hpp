// Key templates the agent creates keys from, and TPM object names.
//
// Both the EK and the AK are primary keys in the endorsement hierarchy: a
// primary key is derived from the hierarchy seed and its template, so the
// same template gives the same key on every call, without persistent
// handles, and an AK made this way lives in the same TPM as the EK.
#pragma once

#include <tss2/tss2_tpm2_types.h>

#include <string_view>

#include "attest/util/digest.hpp"
#include "attest/util/result.hpp"

namespace attest::tpm {

enum class AkAlg { ecc, rsa };
// The EK comes in the same two kinds (templates L-1 and L-2).
using EkAlg = AkAlg;

const char* to_string(AkAlg alg);
// "ecc" or "rsa"; anything else is a usage error naming `flag`.
Result<AkAlg> parse_ak_alg(std::string_view text, std::string_view flag = "--alg");

// TCG EK Credential Profile 2.x, template L-1: RSA 2048, AES-128-CFB,
// adminWithPolicy + PolicySecret(endorsement) authPolicy, 256 zero bytes of
// unique. The EK certificate in NV 0x01c00002 certifies exactly this key.
TPM2B_PUBLIC ek_rsa_template();

// Template L-2: ECC NIST P-256, AES-128-CFB, no scheme, no KDF, the same
// attributes and authPolicy as L-1, unique x and y 32 zero bytes each. The EK
// certificate in NV 0x01c0000a certifies exactly this key.
TPM2B_PUBLIC ek_ecc_template();
TPM2B_PUBLIC ek_template(EkAlg alg);

// Restricted signing key, SHA-256 name: ECC NIST P-256 / ECDSA-SHA256 or RSA
// 2048 (exponent 65537) / RSASSA-SHA256; fixedTPM, fixedParent,
// sensitiveDataOrigin, userWithAuth, restricted, sign; empty unique.
TPM2B_PUBLIC ak_template(AkAlg alg);

// Object name: nameAlg (big-endian) || H_nameAlg(marshaled TPMT_PUBLIC)
// (TPM 2.0 Part 1, "Names"). Only SHA-256 name algorithms are supported.
Result<Bytes> object_name(const TPMT_PUBLIC& public_area);

}  // namespace attest::tpm
