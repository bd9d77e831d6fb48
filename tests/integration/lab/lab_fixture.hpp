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
  // With `max_fds`, the lab runs with RLIMIT_NOFILE (soft and hard) that low.
  explicit LabProcess(const std::string& spec_json, const std::string& dir = "", int max_fds = 0);
  ~LabProcess();
  LabProcess(const LabProcess&) = delete;
  LabProcess& operator=(const LabProcess&) = delete;

  const std::string& dir() const { return dir_; }
  const nlohmann::json& ready() const { return ready_; }
  std::string fingerprint(const std::string& device) const;
  // Fresh counters: while the lab runs, asks it for a rewrite (SIGUSR1) and
  // waits for a snapshot taken after the request; once it exited, the file
  // it wrote at exit.
  nlohmann::json stats() const;
  // The stats file as it is now, without asking for a rewrite.
  nlohmann::json stats_file() const;
  pid_t pid() const { return pid_; }
  // What the lab logged so far.
  std::string log() const;
  // CPU the lab used so far (user + system), in milliseconds.
  long cpu_ms() const;
  // Threads the lab runs now.
  long threads() const;
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
