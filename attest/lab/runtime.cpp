#include "attest/lab/runtime.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdio>

#include "attest/util/clock.hpp"

namespace attest::lab {

StopSignal::StopSignal() : fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

StopSignal::~StopSignal() {
  if (fd_ >= 0) ::close(fd_);
}

void StopSignal::request() {
  requested_.store(true);
  const std::uint64_t one = 1;
  // The counter stays non-zero, so every later poll() sees it readable too.
  if (fd_ >= 0) (void)!::write(fd_, &one, sizeof one);
}

bool StopSignal::wait_for(int ms) const {
  if (requested()) return true;
  pollfd p{fd_, POLLIN, 0};
  (void)::poll(&p, 1, ms);
  return requested();
}

void Log::line(const std::string& device, const std::string& message) const {
  if (quiet_) return;
  const std::string text = utc_now_rfc3339() + " attest-lab: " + device + ": " + message + "\n";
  std::lock_guard lock(mutex_);
  std::fputs(text.c_str(), stderr);
}

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text.substr(0, 200)) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + (text.size() > 200 ? "...\"" : "\"");
}

}  // namespace attest::lab
