// Time helpers: deadlines on the monotonic clock, RFC 3339 UTC timestamps.
#pragma once

#include <chrono>
#include <string>

namespace attest {

using SteadyClock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;

// A point on the monotonic clock after which an operation must give up.
class Deadline {
 public:
  explicit Deadline(Millis budget) : end_(SteadyClock::now() + budget) {}
  static Deadline at(SteadyClock::time_point end) { Deadline d(Millis(0)); d.end_ = end; return d; }
  bool expired() const { return SteadyClock::now() >= end_; }
  Millis remaining() const {
    const auto left = std::chrono::duration_cast<Millis>(end_ - SteadyClock::now());
    return left.count() > 0 ? left : Millis(0);
  }
  // The earlier of this deadline and `other`.
  Deadline min(const Deadline& other) const { return at(end_ < other.end_ ? end_ : other.end_); }
  SteadyClock::time_point end() const { return end_; }

 private:
  SteadyClock::time_point end_;
};

// "2026-11-29T11:42:06.123Z"
std::string utc_now_rfc3339();

}  // namespace attest
