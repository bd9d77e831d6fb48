// What every connection shares: the event loop, the counters, the log, the
// TPM workers, and the table of open connections. All on the loop thread.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "attest/lab/device.hpp"
#include "attest/lab/event_loop.hpp"
#include "attest/lab/runtime.hpp"
#include "attest/lab/stats.hpp"

namespace attest::lab {

class Channel;
class Connection;
class TpmWorkers;

class Hub {
 public:
  Hub(EventLoop& event_loop, Stats& counters, const Log& lab_log);
  ~Hub();
  Hub(const Hub&) = delete;
  Hub& operator=(const Hub&) = delete;

  EventLoop& loop;
  Stats& stats;
  const Log& log;
  TpmWorkers* tpm_workers = nullptr;   // set when the lab has TPM devices
  std::function<void()> on_fd_freed;   // a connection's socket was closed

  // A TCP connection the device's listener accepted (non-blocking).
  void accepted(Device& device, Fd fd, const std::string& peer);

  // Runs `step` on a channel, if its connection and it still exist, then
  // settles the connection: how timers and TPM answers come back.
  void on_channel(std::uint64_t connection, std::uint64_t channel, const std::function<void(Channel&)>& step);
  // Calls `step` on the channel after `delay`, through on_channel().
  void channel_timer(Millis delay, std::uint64_t connection, std::uint64_t channel, std::function<void(Channel&)> step);

  // After anything happened on `c`: moves it on, and retires it once finished.
  void settle(Connection& c);
  // Ends every connection at once (the loop has stopped).
  void close_all();
  std::size_t open_connections() const { return connections_.size(); }

 private:
  void retire(std::uint64_t id);

  std::unordered_map<std::uint64_t, std::unique_ptr<Connection>> connections_;
  // Finished connections, freed at the end of the loop round: one of their
  // callbacks may still be on the stack when they finish.
  std::vector<std::unique_ptr<Connection>> retired_;
  std::uint64_t next_id_ = 1;
};

// "127.0.0.1:40000"
std::string peer_name(const sockaddr_storage& address);

}  // namespace attest::lab
