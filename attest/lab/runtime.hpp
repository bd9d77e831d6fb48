// Shared plumbing for the lab's threads: the stop signal every wait honours,
// and the log (one line per connection event; never a password).
#pragma once

#include <atomic>
#include <mutex>
#include <string>

namespace attest::lab {

// Set once at shutdown. Backed by an eventfd so threads can poll() on it
// next to their sockets and wake at once instead of on a timer.
class StopSignal {
 public:
  StopSignal();
  ~StopSignal();
  StopSignal(const StopSignal&) = delete;
  StopSignal& operator=(const StopSignal&) = delete;

  void request();
  bool requested() const { return requested_.load(); }
  int fd() const { return fd_; }
  // Sleeps up to `ms`; true when stop was requested (before or during).
  bool wait_for(int ms) const;

 private:
  int fd_;
  std::atomic<bool> requested_{false};
};

class Log {
 public:
  explicit Log(bool quiet) : quiet_(quiet) {}
  void line(const std::string& device, const std::string& message) const;

 private:
  bool quiet_;
  mutable std::mutex mutex_;
};

// Quotes a client-supplied string for a log line, escaping control bytes.
std::string quoted(const std::string& text);

}  // namespace attest::lab
