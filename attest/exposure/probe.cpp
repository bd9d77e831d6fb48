// The probes themselves: one socket per endpoint, non-blocking, each wait
// bounded by its deadline. Nothing is written to a TCP connection; the SSH
// banner is read (capped) because the server sends it unasked.
#include <arpa/inet.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

#include "attest/exposure/exposure.hpp"
#include "attest/exposure/socket_address.hpp"
#include "attest/util/text.hpp"

namespace attest::exposure {
namespace {

using detail::address_text;
using detail::numeric_address;
using detail::SocketAddress;

constexpr std::size_t kMaxBanner = 255;  // RFC 4253 4.2: the identification line is at most 255 bytes
constexpr std::size_t kMaxDatagram = 1500;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { if (fd_ >= 0) ::close(fd_); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string local_address(int fd) {
  sockaddr_storage s{};
  socklen_t len = sizeof(s);
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&s), &len) != 0) return "";
  return address_text(reinterpret_cast<const sockaddr*>(&s));
}

int elapsed_since(SteadyClock::time_point start) {
  return static_cast<int>(std::chrono::duration_cast<Millis>(SteadyClock::now() - start).count());
}

// Waits for `events` on `fd` until `deadline`; retries on EINTR.
int wait_for(int fd, short events, const Deadline& deadline) {
  for (;;) {
    pollfd p{fd, events, 0};
    const int n = ::poll(&p, 1, static_cast<int>(deadline.remaining().count()));
    if (n < 0 && errno == EINTR) continue;
    return n <= 0 ? n : p.revents;
  }
}

Reach reach_of_errno(int err) {
  if (err == ECONNREFUSED || err == ECONNRESET) return Reach::refused;
  if (err == ENETUNREACH || err == EHOSTUNREACH) return Reach::no_route;
  if (err == ETIMEDOUT) return Reach::filtered;
  return Reach::error;
}

// A socket of `type` for `target`, bound to the source address if one is given.
Result<int> open_socket(const SocketAddress& target, int type, const ProbeOptions& options) {
  const int fd = ::socket(target.family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return make_error(ErrorKind::io, std::string("socket: ") + std::strerror(errno));
  if (options.source_address) {
    auto source = numeric_address(*options.source_address, 0);
    std::string why;
    if (!source) {
      why = "not a numeric address";
    } else if (source->family != target.family) {
      why = source->family == AF_INET ? "an IPv4 address, the device's is IPv6" : "an IPv6 address, the device's is IPv4";
    } else if (::bind(fd, reinterpret_cast<const sockaddr*>(&source->storage), source->length) != 0) {
      why = std::strerror(errno);
    }
    if (!why.empty()) {
      ::close(fd);
      return make_error(ErrorKind::usage, "cannot bind to source address " + *options.source_address + ": " + why);
    }
  }
  return fd;
}

// What an SSH server says first; "" when nothing came in time.
std::string read_banner(int fd, const Deadline& deadline) {
  std::string banner;
  char buf[kMaxBanner];
  while (banner.size() < kMaxBanner && banner.find('\n') == std::string::npos) {
    if (wait_for(fd, POLLIN, deadline) <= 0) break;
    const ssize_t n = ::recv(fd, buf, kMaxBanner - banner.size(), 0);
    if (n <= 0) break;
    banner.append(buf, static_cast<std::size_t>(n));
  }
  const auto end = banner.find_first_of("\r\n");
  return truncate_code_points(terminal_text(banner.substr(0, end)), 80);
}

EndpointResult probe_tcp(const SocketAddress& target, const Endpoint& endpoint, const ProbeOptions& options) {
  EndpointResult r{endpoint, Reach::error, "", "", 0};
  const auto start = SteadyClock::now();
  const Deadline deadline(options.connect_timeout);
  auto fd = open_socket(target, SOCK_STREAM, options);
  if (!fd) return {endpoint, Reach::error, fd.error().message, "", 0};
  Fd sock(*fd);
  int err = 0;
  if (::connect(sock.get(), reinterpret_cast<const sockaddr*>(&target.storage), target.length) != 0) {
    err = errno;
    if (err == EINPROGRESS) {
      const int ready = wait_for(sock.get(), POLLOUT, deadline);
      socklen_t len = sizeof(err);
      if (ready == 0) err = ETIMEDOUT;
      else if (ready < 0 || ::getsockopt(sock.get(), SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
    }
  }
  r.source_address = local_address(sock.get());
  r.elapsed_ms = elapsed_since(start);
  if (err != 0) {
    r.reach = reach_of_errno(err);
    r.detail = r.reach == Reach::filtered ? "no answer to the SYN in " + std::to_string(options.connect_timeout.count()) + " ms"
               : r.reach == Reach::error  ? std::string("connect: ") + std::strerror(err)
                                          : std::string(std::strerror(err));
    return r;
  }
  r.reach = Reach::reachable;
  r.detail = "TCP handshake completed";
  if (endpoint.service == "ssh") {
    const std::string banner = read_banner(sock.get(), deadline);
    if (!banner.empty()) r.detail += ", banner '" + banner + "'";
  }
  return r;
}

// Any datagram back from the service is an answer: the service is there.
bool answered(int fd, const Deadline& deadline, int& err) {
  std::uint8_t buf[kMaxDatagram];
  while (!deadline.expired()) {
    const int ready = wait_for(fd, POLLIN, deadline);
    if (ready <= 0) return false;
    const ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
    if (n > 0) return true;
    if (n < 0 && errno != EAGAIN && errno != EINTR) {
      err = errno;
      return false;
    }
  }
  return false;
}

EndpointResult probe_udp(const SocketAddress& target, const Endpoint& endpoint, const ProbeOptions& options) {
  EndpointResult r{endpoint, Reach::error, "", "", 0};
  const auto start = SteadyClock::now();
  const Deadline deadline(options.udp_timeout);
  auto fd = open_socket(target, SOCK_DGRAM, options);
  if (!fd) return {endpoint, Reach::error, fd.error().message, "", 0};
  Fd sock(*fd);
  // A connected UDP socket gets the ICMP port-unreachable as ECONNREFUSED.
  if (::connect(sock.get(), reinterpret_cast<const sockaddr*>(&target.storage), target.length) != 0) {
    r.reach = reach_of_errno(errno);
    r.detail = std::string("connect: ") + std::strerror(errno);
    return r;
  }
  r.source_address = local_address(sock.get());
  const auto request = endpoint.service == "ipmi" ? ipmi_get_channel_auth_capabilities()
                                                  : snmp_get_sysdescr_public(std::random_device{}());
  if (::send(sock.get(), request.data(), request.size(), 0) < 0) {
    r.reach = reach_of_errno(errno);
    r.detail = std::string("send: ") + std::strerror(errno);
    return r;
  }
  int err = 0;
  const bool answer = answered(sock.get(), deadline, err);
  r.elapsed_ms = elapsed_since(start);
  if (answer) {
    r.reach = Reach::reachable;
    r.detail = endpoint.service == "ipmi" ? "answered Get Channel Authentication Capabilities"
                                          : "answered an SNMPv2c GET with community 'public'";
  } else if (err != 0) {
    r.reach = reach_of_errno(err);
    r.detail = std::strerror(err);
  } else {
    r.reach = Reach::silent;
    r.detail = "no answer in " + std::to_string(options.udp_timeout.count()) + " ms";
  }
  return r;
}

}  // namespace

EndpointResult probe_endpoint(const std::string& address, const Endpoint& endpoint, const ProbeOptions& options) {
  const auto target = numeric_address(address, endpoint.port);
  if (!target) return {endpoint, Reach::error, "'" + address + "' is not a numeric IP address", "", 0};
  return endpoint.protocol == Protocol::tcp ? probe_tcp(*target, endpoint, options)
                                            : probe_udp(*target, endpoint, options);
}

Status check_source_address(const std::string& address) {
  const auto wanted = numeric_address(address, 0);
  if (!wanted) return make_error(ErrorKind::usage, "--source-address '" + address + "' is not a numeric IP address");
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return make_error(ErrorKind::io, std::string("getifaddrs: ") + std::strerror(errno));
  bool found = false;
  for (const ifaddrs* a = list; a != nullptr && !found; a = a->ifa_next) {
    if (a->ifa_addr == nullptr || a->ifa_addr->sa_family != wanted->family) continue;
    found = address_text(a->ifa_addr) == address_text(reinterpret_cast<const sockaddr*>(&wanted->storage));
  }
  ::freeifaddrs(list);
  if (found) return ok_status();
  return make_error(ErrorKind::usage, "--source-address " + address + " is not an address of this host");
}

}  // namespace attest::exposure
