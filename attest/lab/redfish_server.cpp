#include "attest/lab/redfish_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/rand.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

#include "attest/util/digest.hpp"
#include "attest/util/openssl_ptr.hpp"

namespace attest::lab {
namespace {

using SteadyClock = std::chrono::steady_clock;
constexpr std::size_t kChunk = 64 * 1024;

std::string random_token() {
  unsigned char bytes[24];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return {};  // an empty token matches no request: sessions fail closed
  return to_hex(bytes, sizeof bytes);
}

void set_timeouts(int fd, int seconds) {
  const timeval tv{seconds, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

bool write_all(SSL* ssl, std::string_view data) {
  while (!data.empty()) {
    const int n = SSL_write(ssl, data.data(), static_cast<int>(std::min<std::size_t>(data.size(), kChunk)));
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// The huge_body fault's body, generated a chunk at a time.
bool stream_body(SSL* ssl, std::uint64_t size) {
  std::string chunk;
  chunk.reserve(kChunk);
  for (std::uint64_t offset = 0; offset < size; offset += kChunk) {
    huge_body_bytes_into(offset, kChunk, size, chunk);
    if (!write_all(ssl, chunk)) return false;
  }
  return true;
}

HttpResponse bad_request(int status) {
  HttpResponse r;
  r.status = status;
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  r.body = "{\"error\":{\"code\":\"Base.1.16.0.GeneralError\",\"message\":\"" + std::string(reason_phrase(status)) + "\"}}\n";
  r.close = true;
  return r;
}

std::string peer_of(const sockaddr_in& a) {
  char text[INET_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET, &a.sin_addr, text, sizeof text);
  return std::string(text) + ":" + std::to_string(ntohs(a.sin_port));
}

}  // namespace

Result<std::unique_ptr<RedfishServer>> RedfishServer::create(const LabSpec& spec, std::size_t index, Stats& stats,
                                                              const Log& log) {
  const DeviceSpec& d = spec.devices[index];
  const std::string where = spec.path + ": " + d.json_pointer;
  auto tls = load_or_create_tls(d);
  if (!tls) return make_error(tls.error().kind, where + "/redfish: " + tls.error().message);
  auto tree = render_mockup(d);
  if (!tree) return make_error(tree.error().kind, where + "/redfish/mockup: " + tree.error().message);
  std::unique_ptr<RedfishServer> server(new RedfishServer(d, index, stats, log, std::move(*tls), std::move(*tree)));
  std::uint16_t port = 0;
  auto fd = listen_on(d.address, d.port, port);
  if (!fd) return make_error(ErrorKind::io, where + "/listen: " + fd.error().message);
  server->listen_fd_ = std::move(*fd);
  server->wake_fd_ = Fd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (server->wake_fd_.get() < 0) return make_error(ErrorKind::io, "eventfd failed");
  server->ready_.port = port;
  return server;
}

RedfishServer::RedfishServer(DeviceSpec device, std::size_t index, Stats& stats, const Log& log, TlsIdentity tls,
                             MockupTree tree)
    : device_(device), index_(index), stats_(stats), log_(log), tls_(std::move(tls)),
      service_(std::move(device), std::move(tree), random_token) {
  ready_ = {device_.name, device_.address, 0, "", Transport::redfish, tls_.cert_sha256, tls_.spki_sha256};
}

RedfishServer::~RedfishServer() { stop(); }

Status RedfishServer::start() {
  acceptor_ = std::thread([this] { accept_loop(); });
  log_.line(device_.name, "listening on " + device_.address + ":" + std::to_string(ready_.port) + " (redfish " +
                              device_.redfish->mockup + ") certificate sha256 " + ready_.tls_cert_sha256 +
                              (device_.redfish->fault != RedfishFault::none ? std::string(" fault ") + to_string(device_.redfish->fault) : ""));
  return ok_status();
}

void RedfishServer::accept_loop() {
  pollfd fds[2] = {{listen_fd_.get(), POLLIN, 0}, {wake_fd_.get(), POLLIN, 0}};
  while (!stopping_) {
    if (::poll(fds, 2, 1000) < 0 && errno != EINTR) break;
    reap_workers(false);
    if (stopping_ || (fds[0].revents & POLLIN) == 0) continue;
    sockaddr_in peer{};
    socklen_t len = sizeof peer;
    Fd fd(::accept4(listen_fd_.get(), reinterpret_cast<sockaddr*>(&peer), &len, SOCK_CLOEXEC));
    if (fd.get() < 0) continue;
    std::lock_guard lock(mutex_);
    if (workers_.size() >= kMaxConnections) {
      log_.line(device_.name, peer_of(peer) + " refused: " + std::to_string(kMaxConnections) + " connections open");
      continue;
    }
    open_fds_.insert(fd.get());
    Worker& w = workers_.emplace_back();
    w.thread = std::thread([this, &w, f = std::move(fd), p = peer_of(peer)]() mutable {
      serve(std::move(f), p);
      w.done = true;
    });
  }
}

void RedfishServer::reap_workers(bool all) {
  std::list<Worker> finished;
  {
    std::lock_guard lock(mutex_);
    for (auto it = workers_.begin(); it != workers_.end();) {
      auto next = std::next(it);
      if (all || it->done) finished.splice(finished.end(), workers_, it);
      it = next;
    }
  }
  for (auto& w : finished) w.thread.join();
}

void RedfishServer::serve(Fd fd, const std::string& peer) {
  stats_.connection_opened(index_, SteadyClock::now());
  log_.line(device_.name, peer + " connected");
  set_timeouts(fd.get(), kIdleTimeoutS);
  SslPtr ssl(SSL_new(tls_.ctx.get()));
  if (ssl && SSL_set_fd(ssl.get(), fd.get()) == 1 && SSL_accept(ssl.get()) == 1) {
    serve_requests(ssl.get(), peer);
    SSL_shutdown(ssl.get());
  } else {
    log_.line(device_.name, peer + " TLS handshake failed: " + openssl_error_text());
  }
  {
    std::lock_guard lock(mutex_);
    open_fds_.erase(fd.get());
  }
  stats_.connection_closed(index_);
  log_.line(device_.name, peer + " closed");
}

void RedfishServer::record(const AuthEvents& auth, std::uint64_t& attempts_here) {
  if (auth.attempt) stats_.auth_attempt(index_, ++attempts_here);
  if (auth.accepted) stats_.auth_accepted(index_);
  if (auth.refused_locked) stats_.refused_while_locked(index_);
  if (auth.locked_now) {
    stats_.account_locked(index_, SteadyClock::now() + std::chrono::seconds(device_.redfish->lockout.duration_s));
    log_.line(device_.name, "an account locked for " + std::to_string(device_.redfish->lockout.duration_s) + " s");
  }
}

void RedfishServer::serve_requests(SSL* ssl, const std::string& peer) {
  std::string buffer;
  std::uint64_t attempts_here = 0;
  char chunk[16 * 1024];
  while (!stopping_) {
    ParsedRequest p = parse_request(buffer);
    if (p.state == ParseState::incomplete) {
      const int n = SSL_read(ssl, chunk, sizeof chunk);
      if (n <= 0) return;  // closed, idle past the timeout, or the lab stops
      buffer.append(chunk, static_cast<std::size_t>(n));
      continue;
    }
    if (p.state == ParseState::bad) {
      log_.line(device_.name, peer + " bad request (" + p.why + ")");
      const HttpResponse r = bad_request(p.status);
      (void)write_all(ssl, response_head(r, false) + r.body);
      return;
    }
    buffer.erase(0, p.consumed);
    ServiceAnswer a = service_.handle(p.request, SteadyClock::now());
    stats_.command(index_);
    record(a.auth, attempts_here);
    log_.line(device_.name, peer + " " + p.request.method + " " + attest::lab::quoted(p.request.target) + " -> " +
                                (a.response.hang ? std::string("(hang)") : std::to_string(a.response.status)));
    if (a.response.hang) return hang(ssl);
    const bool keep = p.request.keep_alive && !a.response.close;
    if (!write_all(ssl, response_head(a.response, keep))) return;
    const bool sent = a.response.streamed_size > 0 ? stream_body(ssl, a.response.streamed_size) : write_all(ssl, a.response.body);
    if (!sent || !keep) return;
  }
}

// Reads and discards until the client gives up, the lab stops or kHangLimitS pass.
void RedfishServer::hang(SSL* ssl) {
  const auto until = SteadyClock::now() + std::chrono::seconds(kHangLimitS);
  char sink[4096];
  while (!stopping_ && SteadyClock::now() < until) {
    const int n = SSL_read(ssl, sink, sizeof sink);
    if (n <= 0 && SSL_get_error(ssl, n) != SSL_ERROR_WANT_READ) return;  // WANT_READ: the read timed out
  }
}

void RedfishServer::stop() {
  std::call_once(stopped_, [this] {
    stopping_ = true;
    const std::uint64_t one = 1;
    if (wake_fd_.get() >= 0) (void)!::write(wake_fd_.get(), &one, sizeof one);
    if (acceptor_.joinable()) acceptor_.join();
    {
      std::lock_guard lock(mutex_);
      for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
    }
    reap_workers(true);
  });
}

}  // namespace attest::lab
