// Time helpers: deadlines on the monotonic clock, RFC 3339 UTC timestamps.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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
// Seconds since the epoch, now (the wall clock).
std::int64_t unix_now_seconds();

// Seconds since the epoch of a UTC RFC 3339 timestamp as written above
// ("YYYY-MM-DDTHH:MM:SS[.fff]Z"); nullopt for anything else.
std::optional<std::int64_t> parse_rfc3339_utc(std::string_view text);

// The same timestamp in milliseconds since the epoch (digits past the third
// of the fraction dropped): how long a run took, from its report.
std::optional<std::int64_t> parse_rfc3339_utc_millis(std::string_view text);

// "90s", "15m", "24h", "7d" -> seconds; nullopt for anything else.
std::optional<std::int64_t> parse_duration_seconds(std::string_view text);

}  // namespace attest
