// Checking report.json against report.json.sig and a public key: shared by
// `attest report verify` and `attest gate`.
#pragma once

#include <string>

#include "attest/cli/commands.hpp"
#include "attest/util/openssl_ptr.hpp"
#include "attest/util/result.hpp"

namespace attest::cli {

struct ReportSignatureCheck {
  bool valid = false;
  std::string reason;   // why not valid
  std::string text;     // the report's exact bytes
  std::string sha256;
  std::string key_id;   // of the public key given
};

// An error (exit 2) when a file cannot be read or the key is not an Ed25519
// public key; otherwise `valid` says whether the signature verifies.
[[nodiscard]] Result<ReportSignatureCheck> check_report_signature(const std::string& report_path,
                                                                  const std::string& sig_path,
                                                                  const std::string& pubkey_path);
// The same with a key in hand (an Ed25519 key; a private key verifies as its
// public half): `attest rack --failed-from` under the run's own signing key.
[[nodiscard]] Result<ReportSignatureCheck> check_report_signature(const std::string& report_path,
                                                                  const std::string& sig_path, EVP_PKEY* key);

// `attest report verify --report R --pubkey K [--sig S] [--json]`.
ExitCode report_verify(const Args& args);

}  // namespace attest::cli
