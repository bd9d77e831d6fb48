// Many devices' work on a few event loops (one per thread, usually one per
// core): at most `max_sessions` in flight, new connections paced under one
// global rate, a cancel honoured within its grace. The run engine and
// enrollment both go through it.
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

// Event-loop threads for a run: this process's CPUs (its affinity mask), at
// most kMaxThreads. One loop saturates a core at a few hundred devices in
// flight (every handshake is key exchange and a signature check); more
// threads than cores only add switching.
inline constexpr std::size_t kMaxThreads = 4;
std::size_t default_threads();

struct BatchLimits {
  std::size_t max_sessions = kDefaultMaxSessions;
  // Event loops, each on its own thread with its share of max_sessions; the
  // calling thread runs one of them. 1: everything on the calling thread.
  std::size_t threads = 1;
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

// Runs work(i) for every i < count, started in index order on fibers of
// `threads` Reactors (one on this thread), at most
// min(max_sessions, session_capacity()) at once. With more than one thread,
// work(i) runs concurrently with work(j): whatever it shares must be
// locked. tick() runs on this thread only, outside any fiber, about every
// tick_interval and once at the end. Returns, per index, whether work(i)
// ran to its end (false: never started, threw, or abandoned after a cancel).
std::vector<bool> run_batch(std::size_t count, const BatchLimits& limits,
                            const std::function<void(std::size_t)>& work, const std::function<void()>& tick = {});

}  // namespace attest::ssh
