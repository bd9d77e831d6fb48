// Runs attest-lab as a child process for `attest demo` (and tests): start,
// wait until its listeners are bound, stop it cleanly. Every wait is bounded.
#pragma once

#include <sys/types.h>

#include <string>

#include "attest/util/clock.hpp"
#include "attest/util/result.hpp"

namespace attest::cli {

class LabProcess {
 public:
  LabProcess() = default;
  ~LabProcess();  // stops the lab if still running
  LabProcess(const LabProcess&) = delete;
  LabProcess& operator=(const LabProcess&) = delete;

  // Starts `lab_binary --spec SPEC --ready RUN/ready.json --stats RUN/stats.json --state RUN/state --quiet`
  // and waits until ready.json appears (or the child exits, or `timeout` passes).
  [[nodiscard]] Status start(const std::string& lab_binary, const std::string& spec, const std::string& run_dir,
                             Millis timeout);
  // SIGTERM, then SIGKILL after `grace`. Returns the child's exit status text on failure.
  [[nodiscard]] Status stop(Millis grace = Millis(3000));

  std::string stats_path() const { return run_dir_ + "/stats.json"; }
  // The lab's counters, never stale: while it runs, asks it for a rewrite
  // (SIGUSR1) and waits up to `timeout` for a snapshot taken after asking;
  // once stopped, the file it wrote at exit.
  [[nodiscard]] Result<std::string> stats(Millis timeout = Millis(5000)) const;
  std::string ready_path() const { return run_dir_ + "/ready.json"; }
  // TPM state of the lab's TPM devices, and its TPM manufacturer CA.
  std::string state_dir() const { return run_dir_ + "/state"; }

 private:
  pid_t pid_ = -1;
  std::string run_dir_;
};

// The directory of the running executable (to find attest-lab beside attest).
std::string executable_dir();

}  // namespace attest::cli
