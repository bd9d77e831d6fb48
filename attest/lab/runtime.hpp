// Shared plumbing of the lab: the log (one line per connection event; never a
// password), and the process's file descriptor limit.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>

namespace attest::lab {

class Log {
 public:
  explicit Log(bool quiet) : quiet_(quiet) {}
  void line(const std::string& device, const std::string& message) const;

 private:
  bool quiet_;
  mutable std::mutex mutex_;
};

// Raises RLIMIT_NOFILE's soft limit to the hard one (10,000 devices are
// 10,000 listening sockets before the first connection); returns the limit now.
std::size_t raise_fd_limit();

// Quotes a client-supplied string for a log line, escaping control bytes.
std::string quoted(const std::string& text);

}  // namespace attest::lab
