#include "attest/lab/acceptor.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace attest::lab {

Acceptor::Acceptor(Hub& hub) : hub_(hub) {}

Acceptor::~Acceptor() {
  for (auto& l : listeners_) hub_.loop.remove(l->device.listen_fd.get(), *l);
}

Status Acceptor::watch(Device& device) {
  listeners_.push_back(std::make_unique<Listener>(*this, device));
  return hub_.loop.add(device.listen_fd.get(), EPOLLIN | EPOLLET, *listeners_.back());
}

void Acceptor::ready(Listener& l) {
  if (!l.queued) queue_.push_back(&l);
  l.queued = true;
  if (!starved_) soon();
}

void Acceptor::fd_freed() {
  if (!starved_) return;
  starved_ = false;
  soon();
}

// A timer, not an immediate call: the next round first polls the sockets
// (and frees the connections retired in this one).
void Acceptor::soon() {
  if (soon_) return;
  soon_ = true;
  hub_.loop.after(Millis(0), [this] {
    soon_ = false;
    drain();
  });
}

void Acceptor::retry_later() {
  if (retry_armed_) return;
  retry_armed_ = true;
  hub_.loop.after(kRetry, [this] {
    retry_armed_ = false;
    drain();
  });
}

// One round over the listeners queued now; those with more wait for the next.
void Acceptor::drain() {
  starved_ = false;
  for (std::size_t n = queue_.size(); n > 0 && !queue_.empty(); --n) {
    Listener* l = queue_.front();
    queue_.pop_front();
    const Outcome o = accept_some(*l);
    if (o == Outcome::out_of_fds) {
      queue_.push_front(l);
      starve();
      return;
    }
    if (o == Outcome::more) queue_.push_back(l);
    else l->queued = false;
  }
  told_ = false;
  if (!queue_.empty()) soon();
}

void Acceptor::starve() {
  if (!told_) {
    hub_.log.line("attest-lab", "out of file descriptors with " + std::to_string(hub_.open_connections()) +
                                    " connections open: accepting again when one closes");
  }
  told_ = true;
  starved_ = true;
  retry_later();
}

Acceptor::Outcome Acceptor::accept_some(Listener& l) {
  for (int i = 0; i < kPerRound; ++i) {
    sockaddr_storage peer{};
    socklen_t len = sizeof peer;
    const int fd = ::accept4(l.device.listen_fd.get(), reinterpret_cast<sockaddr*>(&peer), &len,
                             SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      hub_.accepted(l.device, Fd(fd), peer_name(peer));
      continue;
    }
    if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) return Outcome::out_of_fds;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return Outcome::drained;
    // ECONNABORTED, EPROTO, EINTR...: that connection is gone; try the next.
  }
  return Outcome::more;
}

}  // namespace attest::lab
