#include "attest/lab/hub.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "attest/lab/channel.hpp"
#include "attest/lab/connection.hpp"

namespace attest::lab {
namespace {

// Without it every small answer waits for the client's delayed ACK (~40 ms).
void no_delay(int fd) {
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

// libssh takes the socket; on failure it may or may not have.
SessionPtr ssh_session_on(const Device& d, Fd& fd) {
  SessionPtr session(ssh_new());
  if (!session) return nullptr;
  if (ssh_bind_accept_fd(d.identity->bind.get(), session.get(), fd.get()) == SSH_OK) {
    (void)fd.release();
    return session;
  }
  if (ssh_get_fd(session.get()) == fd.get()) (void)fd.release();
  return nullptr;
}

}  // namespace

Hub::Hub(EventLoop& event_loop, Stats& counters, const Log& lab_log)
    : loop(event_loop), stats(counters), log(lab_log) {}

Hub::~Hub() { close_all(); }

std::string peer_name(const sockaddr_storage& address) {
  const auto& a = reinterpret_cast<const sockaddr_in&>(address);
  char buf[INET_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET, &a.sin_addr, buf, sizeof buf);
  return std::string(buf) + ":" + std::to_string(ntohs(a.sin_port));
}

void Hub::accepted(Device& d, Fd fd, const std::string& peer) {
  no_delay(fd.get());
  stats.connection_opened(d.index, SteadyClock::now());
  const Fault fault = d.spec.fault;
  log.line(d.spec.name, peer + " connected" + (fault != Fault::none ? std::string(" (fault ") + to_string(fault) + ")" : ""));
  if (fault == Fault::refuse) {  // closed before the SSH banner
    fd.reset();
    log.line(d.spec.name, peer + " closed");
    stats.connection_closed(d.index);
    return;
  }
  SessionPtr session;
  if (fault != Fault::hang) {
    session = ssh_session_on(d, fd);
    if (!session) {
      log.line(d.spec.name, peer + " cannot start an SSH session: " + ssh_get_error(d.identity->bind.get()));
      stats.connection_closed(d.index);
      return;
    }
  }
  const std::uint64_t id = next_id_++;
  const int socket = session ? ssh_get_fd(session.get()) : fd.release();
  auto c = std::make_unique<Connection>(*this, d, std::move(session), socket, peer, id);
  Connection& ref = *c;
  connections_[id] = std::move(c);
  if (!ref.start()) retire(id);
}

void Hub::on_channel(std::uint64_t connection, std::uint64_t channel, const std::function<void(Channel&)>& step) {
  const auto it = connections_.find(connection);
  if (it == connections_.end() || it->second->finished()) return;
  if (Channel* ch = it->second->channel(channel)) step(*ch);
  settle(*it->second);
}

void Hub::channel_timer(Millis delay, std::uint64_t connection, std::uint64_t channel,
                        std::function<void(Channel&)> step) {
  loop.after(delay, [this, connection, channel, step = std::move(step)] { on_channel(connection, channel, step); });
}

void Hub::settle(Connection& c) {
  c.settle();
  if (c.finished()) retire(c.id());
}

void Hub::retire(std::uint64_t id) {
  const auto it = connections_.find(id);
  if (it == connections_.end()) return;
  stats.connection_closed(it->second->dev.index);
  retired_.push_back(std::move(it->second));
  connections_.erase(it);
  if (retired_.size() == 1) loop.defer([this] { retired_.clear(); });
  if (on_fd_freed) on_fd_freed();
}

void Hub::close_all() {
  for (auto& [id, c] : connections_) {
    c->abort();
    stats.connection_closed(c->dev.index);
  }
  connections_.clear();
  retired_.clear();
}

}  // namespace attest::lab
