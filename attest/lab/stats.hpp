// Counters of what clients did to the lab, written as JSON so tests and the
// demo can see what a client attempted:
//   {"taken_at_monotonic_ns": T,
//    "handshakes": {"accepted": N, "max_accepted_per_second": M},
//    "devices": {"<name>": {"connections", "auth_attempts", "auth_accepted",
//                "max_auth_attempts_in_one_connection", "commands",
//                "max_concurrent_connections", "lockouts", "refused_while_locked",
//                "locked"}}}  (locked: at the snapshot; a Redfish device: any of its accounts)
// The event loop updates them; the main thread snapshots them (at exit and on
// SIGUSR1), so every member is guarded by one mutex. T is CLOCK_MONOTONIC at
// the snapshot: a reader that signals the lab waits for a T after its signal.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "attest/lab/rate_window.hpp"
#include "attest/util/result.hpp"

namespace attest::lab {

using TimePointAlias = std::chrono::steady_clock::time_point;

struct DeviceStats {
  std::uint64_t connections = 0;
  std::uint64_t auth_attempts = 0;
  std::uint64_t auth_accepted = 0;
  std::uint64_t max_auth_attempts_in_one_connection = 0;
  std::uint64_t commands = 0;
  std::uint64_t max_concurrent_connections = 0;  // TCP connections open at once
  std::uint64_t open_connections = 0;            // now (not written)
  std::uint64_t lockouts = 0;                    // times its lockout threshold was reached
  std::uint64_t refused_while_locked = 0;        // requests refused because it was locked
  std::deque<TimePointAlias> failures;           // failed requests, for the lockout window (not written)
  TimePointAlias locked_until{};                 // (not written)
};

struct HandshakeStats {
  std::uint64_t accepted = 0;                 // TCP connections accepted, every device
  std::uint64_t max_accepted_per_second = 0;  // most within any 1 s sliding window
};

class Stats {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  // Devices are addressed by their index in `device_names` from here on.
  explicit Stats(std::vector<std::string> device_names);

  void connection_opened(std::size_t device, TimePoint at);
  void connection_closed(std::size_t device);
  // One more authentication attempt; `in_this_connection` counts it.
  void auth_attempt(std::size_t device, std::uint64_t in_this_connection);
  void auth_accepted(std::size_t device);
  void command(std::size_t device);
  // Lockout (LockoutSpec): whether `device` refuses every request now, and
  // one more failed request at `at` (which may lock it).
  bool locked(std::size_t device, TimePoint at) const;
  void auth_failed(std::size_t device, TimePoint at, int threshold, int window_s);
  // Redfish devices lock per account (AccountLockout) and report here: one
  // account locked until `until`, and one login refused because it was.
  void account_locked(std::size_t device, TimePoint until);
  void refused_while_locked(std::size_t device);

  DeviceStats get(const std::string& device) const;  // zeros for an unknown name
  HandshakeStats handshakes() const;
  std::string to_json(std::chrono::nanoseconds taken_at) const;
  // Snapshot now and replace `path` atomically ("" = no file).
  [[nodiscard]] Status write(const std::string& path) const;

 private:
  template <typename F>
  void update(std::size_t device, F&& change) {
    std::lock_guard lock(mutex_);
    change(devices_.at(device));
  }

  mutable std::mutex mutex_;
  std::vector<std::string> names_;
  std::vector<DeviceStats> devices_;
  RateWindow accepted_;
};

}  // namespace attest::lab
