#include "attest/ssh/socket.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include "attest/ssh/reactor.hpp"

namespace attest::ssh {

Timer Timer::within(Millis op, const Deadline& total) {
  // When the total ends first, use its exact end: a rounded copy could
  // expire a moment before it and let the next step start with nothing left.
  const Deadline own(op);
  if (own.end() < total.end()) return Timer{own, op};
  return Timer{total, total.remaining()};
}

Error Timer::timeout(const std::string& what) const {
  return make_error(ErrorKind::timeout, what + " timed out after " + std::to_string(budget.count()) + " ms");
}

Socket& Socket::operator=(Socket&& other) noexcept {
  if (this != &other) {
    reset();
    fd_ = other.release();
  }
  return *this;
}

int Socket::release() {
  const int fd = fd_;
  fd_ = -1;
  return fd;
}

void Socket::reset() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void Socket::shutdown_both() {
  if (fd_ >= 0) ::shutdown(fd_, SHUT_RDWR);
}

bool wait_fd(int fd, short events, const Deadline& deadline, Millis cap) {
  return wait_ready(fd, events, std::min(deadline.end(), SteadyClock::now() + cap));
}

namespace {

struct AddrinfoDeleter {
  void operator()(addrinfo* ai) const { ::freeaddrinfo(ai); }
};
using AddrinfoPtr = std::unique_ptr<addrinfo, AddrinfoDeleter>;

std::string where(const std::string& address, std::uint16_t port) {
  return address + ":" + std::to_string(port);
}

Result<AddrinfoPtr> resolve(const std::string& address, std::uint16_t port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  // Numeric first: an inventory of IP addresses must never wait on DNS,
  // whose getaddrinfo() cannot be bounded by our deadline.
  hints.ai_flags |= AI_NUMERICHOST;
  int rc = ::getaddrinfo(address.c_str(), service.c_str(), &hints, &found);
  if (rc == EAI_NONAME) {
    hints.ai_flags &= ~AI_NUMERICHOST;
    rc = ::getaddrinfo(address.c_str(), service.c_str(), &hints, &found);
  }
  if (rc != 0) {
    return make_error(ErrorKind::refused, "cannot resolve " + address + ": " + ::gai_strerror(rc));
  }
  return AddrinfoPtr(found);
}

ErrorKind kind_of(int err) {
  return err == ETIMEDOUT ? ErrorKind::timeout : ErrorKind::refused;
}

// One address: non-blocking connect, then poll for writability.
Result<Socket> connect_one(const addrinfo& ai, const std::string& target, const Timer& timer) {
  Socket sock(::socket(ai.ai_family, ai.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai.ai_protocol));
  if (!sock.valid()) return make_error(ErrorKind::io, std::string("socket(): ") + std::strerror(errno));
  if (::connect(sock.fd(), ai.ai_addr, ai.ai_addrlen) != 0 && errno != EINPROGRESS) {
    const int err = errno;
    return make_error(kind_of(err), "connect to " + target + ": " + std::strerror(err));
  }
  for (;;) {
    if (!wait_ready(sock.fd(), POLLOUT, timer.deadline.end())) {
      return make_error(ErrorKind::io, "waiting for the TCP connect to " + target + " failed");
    }
    pollfd pfd{sock.fd(), POLLOUT, 0};
    if (::poll(&pfd, 1, 0) > 0) break;
    if (timer.expired()) return timer.timeout("TCP connect to " + target);
  }
  int err = 0;
  socklen_t len = sizeof err;
  if (::getsockopt(sock.fd(), SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
  if (err != 0) return make_error(kind_of(err), "connect to " + target + ": " + std::strerror(err));
  // Interactive shells send one short line at a time: do not let Nagle hold it.
  const int one = 1;
  ::setsockopt(sock.fd(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return sock;
}

}  // namespace

Result<Socket> connect_tcp(const std::string& address, std::uint16_t port, const Timer& timer) {
  const std::string target = where(address, port);
  auto found = resolve(address, port);
  if (!found) return found.error();
  Error last = make_error(ErrorKind::refused, "no address for " + target);
  for (const addrinfo* ai = found->get(); ai != nullptr; ai = ai->ai_next) {
    if (timer.expired()) return timer.timeout("TCP connect to " + target);
    auto sock = connect_one(*ai, target, timer);
    if (sock) return std::move(sock).value();
    last = sock.error();
    if (last.kind == ErrorKind::timeout) break;
  }
  return last;
}

}  // namespace attest::ssh
