// Many devices' work on one event loop: at most `max_sessions` in flight,
// new connections paced under a global rate, a cancel honoured within its
// grace. The run engine and enrollment both go through it.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <vector>

#include "attest/util/clock.hpp"

namespace attest::ssh {

inline constexpr std::size_t kDefaultMaxSessions = 1024;
// New TCP connections per second across the whole run, spaced evenly (no
// bursts). Two thousand SSH handshakes a second are about 100 Mbit/s of key
// exchange spread over many devices, each seeing at most one connection at
// a time: a gigabit management network takes that; what floods it and its
// console servers is an unpaced burst of every device's SYN in the same
// millisecond. It also sets the pace of a site: 10,000 devices of three
// connections each take 15 s of handshakes at this rate.
inline constexpr double kDefaultHandshakeRate = 2000;

struct BatchLimits {
  std::size_t max_sessions = kDefaultMaxSessions;
  double handshake_rate = kDefaultHandshakeRate;  // 0: no cap
  // Set by a signal handler: no new work starts; after `cancel_grace` every
  // wait fails at once, and work still running kAbandonAfter later is left.
  const std::atomic<bool>* cancel = nullptr;
  Millis cancel_grace{1000};
  Millis tick_interval{250};
};

inline constexpr Millis kAbandonAfter{300};

// How many sessions this process can hold: RLIMIT_NOFILE, raised to its
// hard limit on the first call, less a reserve for files, halved (a device
// may hold its SSH socket and an exposure probe at once).
std::size_t session_capacity();

// Runs work(i) for every i < count, started in index order on fibers of one
// Reactor on this thread, at most min(max_sessions, session_capacity()) at
// once. tick() runs between them, outside any fiber, about every
// tick_interval and once at the end. Returns, per index, whether work(i)
// ran to its end (false: never started, threw, or abandoned after a cancel).
std::vector<bool> run_batch(std::size_t count, const BatchLimits& limits,
                            const std::function<void(std::size_t)>& work, const std::function<void()>& tick = {});

}  // namespace attest::ssh
