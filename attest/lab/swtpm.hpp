// A real software TPM (swtpm) for one emulated device: manufactured with
// swtpm_setup, EK certificates issued by the lab's own "manufacturer" CA
// (swtpm_localca, state kept in the lab's run directory, never
// /var/lib/swtpm-localca), served on 127.0.0.1 TCP ports.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "attest/util/result.hpp"

namespace attest::lab {

// The EK certificates a TPM is manufactured with.
enum class EkCerts {
  swtpm_default,  // swtpm_setup's: RSA 2048 (L-1, NV 0x01c00002) and ECC P-384 (NV 0x01c00016)
  ecc_only,       // one ECC P-256 certificate for template L-2 in NV 0x01c0000a, nothing else:
                  // the TPMs that ship only an ECC EK certificate
};

class Swtpm {
 public:
  // Manufactures the TPM in `state_dir` unless it already holds one (so a
  // device keeps its EK across lab runs), then starts it.
  [[nodiscard]] static Result<std::unique_ptr<Swtpm>> start(const std::string& state_dir, const std::string& ca_dir,
                                                            EkCerts certs = EkCerts::swtpm_default);
  ~Swtpm();  // stops the swtpm process
  Swtpm(const Swtpm&) = delete;
  Swtpm& operator=(const Swtpm&) = delete;

  // "swtpm:host=127.0.0.1,port=P", for TPM2TOOLS_TCTI / tctildr.
  std::string tcti() const;
  int ctrl_port() const { return port_ + 1; }

  // Extends PCRs, one "PCR:sha1=HEX,sha256=HEX" item per extension, in order.
  [[nodiscard]] Status extend(const std::vector<std::string>& items) const;
  // Power cycle: PCRs reset and resetCount increments.
  [[nodiscard]] Status reboot() const;

  // The manufacturer CA's root certificate and issuing intermediate.
  static std::string root_cert(const std::string& ca_dir) { return ca_dir + "/swtpm-localca-rootca-cert.pem"; }
  static std::string issuer_cert(const std::string& ca_dir) { return ca_dir + "/issuercert.pem"; }
  // The EkCerts::ecc_only certificate (DER), as written to NV 0x01c0000a.
  static std::string ecc_p256_cert(const std::string& state_dir) { return state_dir + "/ek-p256.crt"; }

 private:
  // Starts the swtpm daemon on a manufactured state.
  static Result<std::unique_ptr<Swtpm>> launch(const std::string& state_dir);
  Swtpm(std::string state_dir, int port, pid_t pid) : state_dir_(std::move(state_dir)), port_(port), pid_(pid) {}
  std::string state_dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace attest::lab
