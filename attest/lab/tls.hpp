// A Redfish device's TLS identity: its certificate and key (PEM files,
// generated once when missing, like SSH host keys, so pins stay stable) and
// the server context that serves them.
#pragma once

#include <memory>
#include <string>

#include <openssl/ssl.h>

#include "attest/lab/spec.hpp"
#include "attest/util/openssl_ptr.hpp"
#include "attest/util/result.hpp"

namespace attest::lab {

using SslCtxPtr = std::unique_ptr<SSL_CTX, OpenSslDeleter<SSL_CTX_free>>;
using SslPtr = std::unique_ptr<SSL, OpenSslDeleter<SSL_free>>;

struct TlsIdentity {
  SslCtxPtr ctx;
  std::string cert_sha256;  // SHA-256 of the DER certificate, lower-case hex
  std::string spki_sha256;  // "sha256//" + base64 SHA-256 of the public key (curl's --pinnedpubkey form)
};

// Loads redfish.tls_cert / tls_key; when the certificate file is missing,
// generates a self-signed P-256 certificate for the device (CN its name, SAN
// its address) valid for ten years, or expired 30 days ago with
// cert_expired, and writes both files (the key 0600). Errors: input (bad
// PEM), io (cannot write), internal (OpenSSL).
Result<TlsIdentity> load_or_create_tls(const DeviceSpec& device);

}  // namespace attest::lab
