// EK certificate chain verification: the TPM's endorsement key certificate
// (read from NV 0x01c00002 RSA / 0x01c0000a ECC P-256 / 0x01c00016 ECC P-384,
// TCG EK Credential Profile 2.0) must chain to a trusted manufacturer root.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "attest/util/openssl_ptr.hpp"
#include "attest/util/result.hpp"

namespace attest::tpm {

// What a verified EK certificate says, and which non-standard things were
// accepted on the way (for the enrollment record and the auditor).
struct EkCertificateCheck {
  std::string sha256;           // hex SHA-256 of the certificate's DER
  std::string subject;          // RFC 2253 text, often empty on EK certs
  std::string issuer;           // RFC 2253 text
  std::string key_type;         // "rsa" or "ecc"
  EvpPkeyPtr public_key;        // the certified EK public key
  std::vector<std::string> tolerated;  // e.g. "unhandled critical extension 2.23.133.x.y in CN=..."
};

// PEM text already read (and verified) elsewhere: the golden DB's
// tpm-roots/*.pem as verify_db returned them. `source` names it in errors.
struct PemText {
  std::string source;
  std::string text;
};

// Verifies one EK certificate (DER or PEM) against `root_pem_files` and
// `root_pems` (trust anchors) with `intermediate_pem_files` as untrusted chain candidates. Any
// key usage / EKU is accepted (EK certs carry tcg-kp-EKCertificate, 2.23.133.8.1);
// unhandled critical extensions are accepted and listed in `tolerated`, as is
// 0x00/0xff padding after the DER (NV indices larger than the certificate).
// Every other X509 error (expired, bad signature, unknown issuer) is
// ErrorKind::crypto with OpenSSL's reason and the failing certificate.
// An unparsable certificate is ErrorKind::parse; an unreadable or empty root
// file is ErrorKind::io / ErrorKind::input.
Result<EkCertificateCheck> verify_ek_certificate(std::span<const std::uint8_t> der_or_pem,
                                                 const std::vector<std::string>& root_pem_files,
                                                 const std::vector<std::string>& intermediate_pem_files,
                                                 const std::vector<PemText>& root_pems = {});

// Ok when the marshaled TPM2B_PUBLIC of the EK holds the same key as the
// certificate (EVP_PKEY_eq); ErrorKind::crypto otherwise.
Status ek_matches_certificate(EVP_PKEY* cert_key, std::span<const std::uint8_t> ek_tpm2b_public);

}  // namespace attest::tpm
