// The running lab: one event loop thread serves every SSH device (listeners,
// SSH sessions, latency timers); a few helper threads answer TPM commands;
// each Redfish BMC runs its own threads (redfish_server.hpp).
// start() returns once every listener is bound; stop() ends everything,
// open connections included, within a fraction of a second.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "attest/lab/device.hpp"
#include "attest/lab/spec.hpp"
#include "attest/lab/stats.hpp"
#include "attest/util/result.hpp"

namespace attest::lab {

struct LabOptions {
  bool quiet = false;
  std::string state_dir;  // TPM state and the lab's TPM manufacturer CA; needed for "tpm" devices
  std::string agent;      // the attest binary that answers `attest agent ...` on TPM devices
};

// {"devices":[{"name","address","port","host_key_fingerprint"}]}; a Redfish
// device has "transport": "redfish", "tls_cert_sha256", "tls_spki_sha256"
// instead of the host key.
std::string ready_json(const std::vector<ReadyDevice>& devices);

class Lab {
 public:
  // Loads/creates host keys, loads authorized keys, binds every listener and
  // starts serving. Errors: input (bad key files), io (cannot bind).
  static Result<std::unique_ptr<Lab>> start(const LabSpec& spec, const LabOptions& options);

  ~Lab();
  Lab(const Lab&) = delete;
  Lab& operator=(const Lab&) = delete;

  const std::vector<ReadyDevice>& ready() const;
  // Thread-safe: the loop updates it while others snapshot it.
  const Stats& stats() const;
  // Idempotent; joins every thread.
  void stop();

  struct Impl;

 private:
  explicit Lab(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace attest::lab
