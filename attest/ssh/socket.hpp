// TCP plumbing under the SSH session: a non-blocking connect bounded by a
// deadline, an RAII socket, and poll() waits. No libssh2 here.
#pragma once

#include <cstdint>
#include <string>

#include "attest/util/clock.hpp"
#include "attest/util/result.hpp"

namespace attest::ssh {

// A deadline for one operation that remembers its length, so that a timeout
// can say "<what> timed out after N ms". Every per-operation timer is cut to
// what is left of the device's total deadline.
struct Timer {
  Deadline deadline;
  Millis budget;

  // The earlier of `op` from now and `total`.
  static Timer within(Millis op, const Deadline& total);
  bool expired() const { return deadline.expired(); }
  Error timeout(const std::string& what) const;
};

// Owns one file descriptor; closes it on destruction.
class Socket {
 public:
  Socket() = default;
  explicit Socket(int fd) : fd_(fd) {}
  Socket(Socket&& other) noexcept : fd_(other.release()) {}
  Socket& operator=(Socket&& other) noexcept;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket() { reset(); }

  int fd() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release();
  void reset();
  // Stops both directions so that anything still blocked on it fails fast.
  void shutdown_both();

 private:
  int fd_ = -1;
};

// Resolves `address` (numeric addresses never touch DNS) and connects with a
// non-blocking socket. ECONNREFUSED / unreachable -> ErrorKind::refused,
// deadline -> ErrorKind::timeout.
[[nodiscard]] Result<Socket> connect_tcp(const std::string& address, std::uint16_t port, const Timer& timer);

// Waits until `fd` is ready for `events` (POLLIN/POLLOUT), at most `cap` and
// never past `deadline`. Returns false only when poll() itself failed.
bool wait_fd(int fd, short events, const Deadline& deadline, Millis cap);

}  // namespace attest::ssh
