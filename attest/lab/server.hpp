// The running lab: one listener thread per device, one thread per connection.
// start() returns once every listener is bound; stop() ends everything,
// blocked connections included, within a fraction of a second.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "attest/lab/spec.hpp"
#include "attest/lab/stats.hpp"
#include "attest/util/result.hpp"

namespace attest::lab {

struct LabOptions {
  bool quiet = false;
  std::string stats_path;  // rewritten after every connection; "" = none
  std::string state_dir;   // TPM state and the lab's TPM manufacturer CA; needed for "tpm" devices
  std::string agent;       // the attest binary that answers `attest agent ...` on TPM devices
};

struct ReadyDevice {
  std::string name;
  std::string address;
  std::uint16_t port = 0;
  std::string host_key_fingerprint;
};

// {"devices":[{"name","address","port","host_key_fingerprint"}]}
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
  const Stats& stats() const;
  // Idempotent; joins every thread.
  void stop();

  struct Impl;

 private:
  explicit Lab(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace attest::lab
