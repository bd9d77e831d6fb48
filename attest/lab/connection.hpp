// One TCP connection to an emulated device, driven by the event loop: a
// non-blocking libssh session (key exchange, authentication, channels) with
// its own ssh_event, so each wake-up polls this one socket only. Faults
// refuse and hang never get a session: refuse is closed on accept, hang is
// a silent socket held open here until the client leaves.
//
// libssh calls back into the connection (messages, channel data) from inside
// ssh_event_dopoll() and also from inside our own writes, which poll the
// session too. So callbacks only reply to requests and record what arrived;
// all other work happens in settle(), after the callback returned.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "attest/lab/device.hpp"
#include "attest/lab/event_loop.hpp"
#include "attest/lab/ssh_handles.hpp"

namespace attest::lab {

class Channel;
class Hub;

struct EventFree { void operator()(ssh_event e) const { ssh_event_free(e); } };
using EventPtr = std::unique_ptr<std::remove_pointer_t<ssh_event>, EventFree>;

// How a connection ends once its output is flushed.
enum class Ending { none, disconnect, drop };

class Connection final : public IoHandler {
 public:
  // `session` is null for the hang fault.
  Connection(Hub& shared, Device& device, SessionPtr session, int fd, std::string peer, std::uint64_t id);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Starts the key exchange and watches the socket; false when it ended at once.
  bool start();
  void on_io(std::uint32_t events) override;
  // Moves the key exchange and every channel on, applies a pending ending and
  // picks the socket events to wait for.
  void settle();
  bool finished() const { return finished_; }
  // Closes now (the lab is stopping).
  void abort();

  Hub& hub;
  Device& dev;
  std::uint64_t id() const { return id_; }
  ssh_session session() const { return session_.get(); }
  const std::string& user() const { return user_; }
  Channel* channel(std::uint64_t serial) const;
  void log(const std::string& message) const;
  // Ends the connection once everything written so far has left.
  void end(Ending how);

  // Authentication state (auth.cpp).
  struct Auth {
    std::uint64_t attempts = 0;
    std::uint64_t failures = 0;
    std::string kbdint_user;
    bool done = false;
  };
  Auth auth;
  void logged_in(const std::string& user) {
    user_ = user;
    auth.done = true;
  }

 private:
  static int on_message(ssh_session session, ssh_message msg, void* self);
  int handle_message(ssh_message msg);
  int open_channel(ssh_message msg);
  // Frees the channels `which` selects; returns how many.
  std::size_t free_channels(const std::function<bool(const Channel&)>& which);
  void settle_key_exchange();
  void apply_ending();
  void watch_events();
  void read_and_discard();
  bool peer_gone() const;
  void close();

  SessionPtr session_;
  EventPtr event_;
  int fd_;
  std::string peer_;
  std::uint64_t id_;
  std::string user_;
  bool kex_done_ = false;
  bool finished_ = false;
  Ending ending_ = Ending::none;
  std::uint32_t watched_ = 0;  // epoll events asked for
  std::vector<std::unique_ptr<Channel>> channels_;
  std::uint64_t next_channel_ = 1;
};

// Authentication with libssh's message API (auth.cpp): replies to `msg`.
// Every request of any method counts as one attempt (a publickey probe
// without signature does not); after max_auth_per_connection failures the
// device hangs up, as OpenSSH's MaxAuthTries and most switch SSH servers do.
void handle_auth(Connection& c, ssh_message msg);

}  // namespace attest::lab
