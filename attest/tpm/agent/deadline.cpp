#include "attest/tpm/agent/deadline.hpp"

namespace attest::tpm {

void Progress::touch() {
  std::lock_guard lock(mutex_);
  deadline_ = std::chrono::steady_clock::now() + step_;
}

void Progress::finish() {
  {
    std::lock_guard lock(mutex_);
    done_ = true;
  }
  cv_.notify_all();
}

bool Progress::wait() {
  std::unique_lock lock(mutex_);
  // The deadline moves while we sleep (touch()), so re-read it after each wakeup.
  while (!done_) {
    const auto deadline = deadline_;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    cv_.wait_until(lock, deadline);
  }
  return true;
}

}  // namespace attest::tpm
