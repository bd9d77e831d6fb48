// A minimal blocking libssh2 client for driving attest-lab in tests.
#pragma once

#include <cstdint>
#include <string>

namespace labtest {

struct ExecOutput {
  bool ok = false;       // the channel completed (EOF + exit status received)
  std::string out, err;
  int exit_status = -1;
  bool exec_refused = false;
};

class Ssh2Client {
 public:
  Ssh2Client();
  ~Ssh2Client();
  Ssh2Client(const Ssh2Client&) = delete;
  Ssh2Client& operator=(const Ssh2Client&) = delete;

  // TCP connect + SSH handshake within `timeout_ms`; false on failure.
  // `no_delay`: TCP_NODELAY, so the client's small packets do not wait on
  // Nagle's algorithm (libssh2 does not set it).
  bool connect(const std::string& address, std::uint16_t port, long timeout_ms = 3000, bool no_delay = false);
  // "SHA256:..." of the server host key.
  std::string host_key_fingerprint();
  // "none" auth probe: true when the server let `user` in without credentials.
  bool try_none(const std::string& user);
  bool try_password(const std::string& user, const std::string& password);
  // keyboard-interactive, answering every prompt with `password`.
  bool try_keyboard_interactive(const std::string& user, const std::string& password);
  bool authenticated();
  ExecOutput exec(const std::string& command, std::size_t max_bytes = 1 << 20);
  // pty + shell; sends `input`, then reads until `until` appears or timeout.
  std::string shell(const std::string& input, const std::string& until);

 private:
  int fd_ = -1;
  struct Impl;
  Impl* s_ = nullptr;
};

}  // namespace labtest
