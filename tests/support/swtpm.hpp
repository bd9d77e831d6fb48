// A real software TPM for tests: the lab's own swtpm manager (attest/lab/swtpm),
// manufactured with EK certificates from a private swtpm_localca CA in the
// test's directory (never /var/lib/swtpm-localca), on 127.0.0.1 ports.
#pragma once

#include <memory>
#include <string>

#include "attest/lab/swtpm.hpp"

namespace attest::testing {

class Swtpm {
 public:
  // Manufactures a TPM under `dir` (state/ inside) and starts it. `ca_dir` may
  // be shared by several TPMs of one "manufacturer". Throws std::runtime_error
  // when swtpm cannot be set up (a test failure).
  Swtpm(const std::string& dir, const std::string& ca_dir, lab::EkCerts certs = lab::EkCerts::swtpm_default);

  std::string tcti() const { return tpm_->tcti(); }
  int ctrl_port() const { return tpm_->ctrl_port(); }
  std::string root_ca_pem() const { return lab::Swtpm::root_cert(ca_dir_); }
  std::string issuer_ca_pem() const { return lab::Swtpm::issuer_cert(ca_dir_); }
  // EK certificates as swtpm_setup wrote them.
  std::string ek_rsa_cert_path() const { return dir_ + "/state/ek-rsa2048.crt"; }
  std::string ek_ecc_cert_path() const { return dir_ + "/state/ek-secp384r1.crt"; }
  // The one certificate of an EkCerts::ecc_only TPM (L-2 P-256, NV 0x01c0000a).
  std::string ek_ecc_p256_cert_path() const { return lab::Swtpm::ecc_p256_cert(dir_ + "/state"); }
  // A power cut (no TPM2_Shutdown) and TPM2_Startup(CLEAR): PCRs reset,
  // resetCount increments, clockInfo.safe becomes 0. For an orderly reboot
  // run `tpm2_shutdown -c` first.
  void reboot();

 private:
  std::string dir_, ca_dir_;
  std::unique_ptr<lab::Swtpm> tpm_;
};

// Runs a shell command with TPM2TOOLS_TCTI set to `tcti`; returns its exit code.
int run_with_tcti(const std::string& tcti, const std::string& command);

}  // namespace attest::testing
