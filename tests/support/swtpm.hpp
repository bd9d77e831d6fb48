// A real software TPM for tests: manufactured with swtpm_setup and EK
// certificates from a private swtpm_localca CA kept in the test's own
// directory (never /var/lib/swtpm-localca), served on 127.0.0.1 TCP ports.
#pragma once

#include <sys/types.h>

#include <string>

namespace attest::testing {

class Swtpm {
 public:
  // Manufactures a TPM under `dir` (state/, ca/ created inside) and starts it.
  // `ca_dir` may be shared by several TPMs of one "manufacturer".
  // Throws std::runtime_error when swtpm cannot be set up (a test failure).
  Swtpm(const std::string& dir, const std::string& ca_dir);
  ~Swtpm();
  Swtpm(const Swtpm&) = delete;
  Swtpm& operator=(const Swtpm&) = delete;

  // "swtpm:host=127.0.0.1,port=P" for TPM2TOOLS_TCTI / Tss2_TctiLdr_Initialize.
  std::string tcti() const;
  int port() const { return port_; }
  int ctrl_port() const { return port_ + 1; }
  // The manufacturer CA: root certificate and the intermediate that issued the EK certs.
  std::string root_ca_pem() const;
  std::string issuer_ca_pem() const;
  // EK certificates as written by swtpm_setup (PEM or DER as swtpm writes them).
  std::string ek_rsa_cert_path() const;
  std::string ek_ecc_cert_path() const;
  // Power cycle: PCRs reset, resetCount increments (swtpm_ioctl -i, then TPM2_Startup(CLEAR)).
  void reboot();

 private:
  void start();
  std::string dir_, ca_dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

// Runs a shell command with TPM2TOOLS_TCTI set to `tcti`; returns its exit code.
int run_with_tcti(const std::string& tcti, const std::string& command);

}  // namespace attest::testing
