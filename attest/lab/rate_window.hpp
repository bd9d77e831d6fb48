// The most events seen within any one-second sliding window, plus the total:
// how the lab tells a collector's handshake-rate cap held. Pure: the caller
// passes the time of each event (monotonic, never decreasing).
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>

namespace attest::lab {

class RateWindow {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  explicit RateWindow(std::chrono::nanoseconds width = std::chrono::seconds(1)) : width_(width) {}

  // Counts one event at `at`. A window is half-open, (t - width, t]: two
  // events exactly one width apart never share one.
  void add(TimePoint at);

  std::uint64_t total() const { return total_; }
  // The largest number of events inside any window seen so far.
  std::uint64_t max_in_window() const { return max_; }

 private:
  std::chrono::nanoseconds width_;
  std::deque<TimePoint> recent_;  // events inside the window ending at the last event
  std::uint64_t total_ = 0;
  std::uint64_t max_ = 0;
};

}  // namespace attest::lab
