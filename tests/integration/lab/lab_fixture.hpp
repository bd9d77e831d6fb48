// Runs attest-lab as a child process in a temporary directory.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

namespace labtest {

class LabProcess {
 public:
  // Writes `spec` to <tmp>/lab.json, generates <tmp>/id_svc(.pub), starts the
  // lab and waits for --ready (fails the test after 5 s).
  // With `dir`, runs in that existing directory and leaves it in place.
  explicit LabProcess(const std::string& spec_json, const std::string& dir = "");
  ~LabProcess();
  LabProcess(const LabProcess&) = delete;
  LabProcess& operator=(const LabProcess&) = delete;

  const std::string& dir() const { return dir_; }
  const nlohmann::json& ready() const { return ready_; }
  std::string fingerprint(const std::string& device) const;
  nlohmann::json stats() const;
  // Sends SIGTERM; returns the exit code, or -1 if it did not exit in `limit`.
  int terminate(std::chrono::milliseconds limit, std::chrono::milliseconds* took = nullptr);

 private:
  std::string dir_;
  bool own_dir_;
  pid_t pid_ = -1;
  nlohmann::json ready_;
};

// Creates a fresh temporary directory holding a client key pair id_svc/id_svc.pub.
std::string make_temp_dir();

// Runs attest-lab with `spec_json` (not expected to start); returns exit code and stderr.
struct RunResult {
  int exit_code = -1;
  std::string text;  // stderr of attest-lab, or stdout of a command
};
RunResult run_lab_expecting_failure(const std::string& spec_json);

// Runs a shell command line; returns its exit code and stdout.
RunResult run_command(const std::string& command);

}  // namespace labtest
