// The connection's flow: key exchange, authentication, then channel requests
// until the client disconnects, a fault ends it, or the lab stops.
#include "attest/lab/connection.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <functional>

#include "attest/lab/channel.hpp"
#include "attest/lab/hub.hpp"

namespace attest::lab {

Connection::Connection(Hub& shared, Device& device, SessionPtr session, int fd, std::string peer, std::uint64_t id)
    : hub(shared), dev(device), session_(std::move(session)), fd_(fd), peer_(std::move(peer)), id_(id) {}

// Channels before the session: freeing the session frees its channels.
Connection::~Connection() {
  free_channels([](const Channel&) { return true; });
  if (event_ && session_) ssh_event_remove_session(event_.get(), session_.get());
  event_.reset();
  if (!session_ && fd_ >= 0) ::close(fd_);  // hang: the socket is ours
  session_.reset();
}

bool Connection::start() {
  if (!session_) {  // the hang fault: a socket that never answers
    if (!hub.loop.add(fd_, EPOLLIN, *this)) {
      close();
      return false;
    }
    watched_ = EPOLLIN;
    return true;
  }
  ssh_set_blocking(session_.get(), 0);
  ssh_set_message_callback(session_.get(), &Connection::on_message, this);
  settle_key_exchange();  // sends our banner and KEXINIT
  if (finished_) return false;
  event_.reset(ssh_event_new());
  if (!event_ || ssh_event_add_session(event_.get(), session_.get()) != SSH_OK ||
      !hub.loop.add(fd_, EPOLLIN, *this)) {
    log("cannot watch the connection");
    close();
    return false;
  }
  watched_ = EPOLLIN;
  watch_events();
  return true;
}

void Connection::on_io(std::uint32_t) {
  if (!finished_) {
    if (session_) (void)ssh_event_dopoll(event_.get(), 0);
    else read_and_discard();
  }
  hub.settle(*this);
}

void Connection::settle() {
  if (finished_) return;
  if (!session_) return;
  if (!kex_done_) settle_key_exchange();
  if (finished_) return;
  if (peer_gone()) return close();
  // Freeing a channel sends its close, which polls the session: a channel
  // opened meanwhile gets its turn in the next pass.
  for (int pass = 0; pass < 4; ++pass) {
    // By index: a channel's write may run callbacks that open another channel.
    for (std::size_t i = 0; i < channels_.size(); ++i) channels_[i]->pump();
    if (free_channels([](const Channel& ch) { return ch.done(); }) == 0) break;
  }
  apply_ending();
  if (!finished_) watch_events();
}

void Connection::abort() {
  if (!finished_) close();
}

// Out of the table before destruction: a destructor's close may run a
// callback that opens a channel, which must not land in a vector being erased.
std::size_t Connection::free_channels(const std::function<bool(const Channel&)>& which) {
  std::vector<std::unique_ptr<Channel>> leaving;
  for (auto& ch : channels_) {
    if (which(*ch)) leaving.push_back(std::move(ch));
  }
  std::erase(channels_, nullptr);
  const std::size_t freed = leaving.size();
  leaving.clear();
  return freed;
}

Channel* Connection::channel(std::uint64_t serial) const {
  for (const auto& ch : channels_) {
    if (ch->serial() == serial) return ch.get();
  }
  return nullptr;
}

void Connection::log(const std::string& message) const { hub.log.line(dev.spec.name, peer_ + " " + message); }

void Connection::end(Ending how) {
  if (ending_ == Ending::none) ending_ = how;
}

int Connection::on_message(ssh_session, ssh_message msg, void* self) {
  return static_cast<Connection*>(self)->handle_message(msg);
}

// 0: replied here; 1: libssh sends its default reply (refusal, or accepting
// the ssh-userauth service request).
int Connection::handle_message(ssh_message msg) {
  if (ending_ != Ending::none || finished_) return 0;  // hanging up: no more answers
  const int type = ssh_message_type(msg);
  if (type == SSH_REQUEST_AUTH) {
    handle_auth(*this, msg);
    return 0;
  }
  if (!auth.done) return 1;
  if (type == SSH_REQUEST_CHANNEL_OPEN && ssh_message_subtype(msg) == SSH_CHANNEL_SESSION) return open_channel(msg);
  if (type == SSH_REQUEST_CHANNEL) {
    for (const auto& ch : channels_) {
      if (ch->handle() == ssh_message_channel_request_channel(msg)) return ch->on_request(msg);
    }
  }
  return 1;  // port forwarding, subsystems, ...: refused
}

int Connection::open_channel(ssh_message msg) {
  ssh_channel ch = ssh_message_channel_request_open_reply_accept(msg);
  if (ch != nullptr) channels_.push_back(std::make_unique<Channel>(*this, ch, next_channel_++));
  return 0;
}

// Non-blocking: SSH_AGAIN until the client's NEWKEYS was handled.
void Connection::settle_key_exchange() {
  const int rc = ssh_handle_key_exchange(session_.get());
  if (rc == SSH_OK) {
    kex_done_ = true;
  } else if (rc == SSH_ERROR) {
    log(std::string("key exchange failed: ") + ssh_get_error(session_.get()));
    close();
  }
}

// Waits until libssh has handed every byte to the socket, so the client
// reads the failure reply (or half an output) before the connection ends.
void Connection::apply_ending() {
  if (ending_ == Ending::none || (ssh_get_poll_flags(session_.get()) & SSH_WRITE_PENDING) != 0) return;
  if (ending_ == Ending::disconnect) {
    free_channels([](const Channel&) { return true; });  // ssh_disconnect frees libssh's channels under them
    ssh_disconnect(session_.get());
  } else if (ssh_get_fd(session_.get()) >= 0) {
    ::shutdown(ssh_get_fd(session_.get()), SHUT_RDWR);  // as a crashing device would
  }
  close();
}

// Level-triggered: POLLOUT only while libssh holds unsent bytes.
void Connection::watch_events() {
  const bool pending = (ssh_get_poll_flags(session_.get()) & SSH_WRITE_PENDING) != 0;
  const std::uint32_t want = EPOLLIN | (pending ? EPOLLOUT : 0u);
  if (want != watched_) hub.loop.modify(fd_, want);
  watched_ = want;
}

void Connection::read_and_discard() {
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd_, buf, sizeof buf);
    if (n > 0) continue;
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    return close();  // the client left
  }
}

bool Connection::peer_gone() const {
  return ssh_is_connected(session_.get()) == 0 || (ssh_get_status(session_.get()) & (SSH_CLOSED | SSH_CLOSED_ERROR)) != 0;
}

// Stops watching before the socket can be closed and its number reused.
void Connection::close() {
  finished_ = true;
  hub.loop.remove(fd_, *this);
  log("closed");
}

}  // namespace attest::lab
