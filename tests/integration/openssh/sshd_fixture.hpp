// A throwaway OpenSSH sshd on 127.0.0.1 for one test: own temp dir, host key,
// user key, authorized_keys and a ForceCommand script that fakes the DMI
// files, run in the foreground (`sshd -D -e`) and killed at the end.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "attest/ssh/collector.hpp"

namespace attest::test {

// Fake DMI values the ForceCommand script prints.
inline constexpr const char* kFakeVendor = "Acme Compute\n";
inline constexpr const char* kFakeModel = "AC-2000\n";
inline constexpr const char* kFakeSerial = "SN-TEST-0001\n";
inline constexpr const char* kShellPrompt = "testhost$ ";

// A port that was free a moment ago (bind to port 0, read it, close).
std::uint16_t free_port();

class Sshd {
 public:
  // `extra_config` lines are appended to sshd_config. `host_key_type` is an
  // `ssh-keygen -t` type ("ed25519", "rsa"): the server's only host key.
  explicit Sshd(const std::string& extra_config = "", const std::string& host_key_type = "ed25519");
  ~Sshd();
  Sshd(const Sshd&) = delete;
  Sshd& operator=(const Sshd&) = delete;

  std::uint16_t port() const { return port_; }
  std::string user_key() const { return (dir_ / "user_ed25519").string(); }
  // "SHA256:..." as `ssh-keygen -lf host_<type>.pub` prints it.
  std::string host_fingerprint() const;
  // How many lines of sshd's log contain `needle` (waits briefly so that
  // the per-connection processes have written theirs).
  int count_log(const std::string& needle) const;
  std::string log() const;

 private:
  std::filesystem::path dir_;
  std::string host_key_;  // file name of the host key, "host_ed25519"
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
};

// A collection of `profile` from `sshd` logging in as root with the user key,
// the host key pinned, 5 s per step and 60 s in all.
CollectRequest key_login_request(const Sshd& sshd, const Profile& profile);

// Runs a shell command, returns its stdout; throws on failure (tests only).
std::string run(const std::string& command);

}  // namespace attest::test
