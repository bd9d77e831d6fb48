// One event loop (epoll) and the fibers it runs. Each device's collection
// stays plain sequential code on a small stack of its own; every wait in
// ssh/ (wait_fd, pause_for, await_connection_slot) suspends the fiber
// instead of the thread. One thread thus drives every session in flight,
// and a slow device delays nobody.
//
// Off a fiber (attest pin, tests calling the collector directly) the same
// waits block the calling thread with poll(): one mechanism, two drivers.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include "attest/util/clock.hpp"

namespace attest::ssh {

// New TCP connections spaced evenly under one rate. One pacer may serve
// several reactors, each on its own thread: the cap is the run's, not a
// thread's.
class ConnectionPacer {
 public:
  explicit ConnectionPacer(double per_second);  // 0 or less: no cap
  bool unlimited() const { return interval_ == SteadyClock::duration::zero(); }
  // Reserves the next free slot at or after `now`; nothing (and nothing
  // reserved) when that slot would be after `latest`.
  std::optional<SteadyClock::time_point> reserve(SteadyClock::time_point now, SteadyClock::time_point latest);

 private:
  const SteadyClock::duration interval_;
  std::mutex mutex_;
  SteadyClock::time_point next_{};
};

class Reactor {
 public:
  Reactor();
  ~Reactor();
  Reactor(const Reactor&) = delete;
  Reactor& operator=(const Reactor&) = delete;

  // Queues `body` to run on a fiber of its own. Exceptions it throws are
  // swallowed at the fiber's edge (they cannot cross a stack switch): the
  // body must catch what it cares about.
  void spawn(std::function<void()> body);
  // Runs fibers on this thread until none is left or abandon() was called,
  // calling `tick` (outside any fiber) at least every `interval`.
  void run(const std::function<void()>& tick, Millis interval);
  // Fibers not yet finished.
  std::size_t live() const;

  // From now on every wait returns at once, failing: a cancelled run's
  // collections then finish in microseconds instead of at their deadlines.
  void expire_waits();
  // Makes run() return now. Fibers still alive are never resumed again;
  // their stacks are kept (what they hold stays reachable, not freed under
  // them).
  void abandon();

  // At most `per_second` new TCP connections, spaced evenly (0: no cap).
  void limit_connections(double per_second);
  // The same, under a pacer shared with other reactors.
  void limit_connections(std::shared_ptr<ConnectionPacer> pacer);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Waits until `fd` is ready for `events` (POLLIN/POLLOUT) or `until`.
// On a fiber the fiber is suspended; off one, poll() blocks the thread.
// False when the wait itself failed (or the reactor expired every wait).
bool wait_ready(int fd, short events, SteadyClock::time_point until);

// Sleeps, fiber-aware.
void pause_for(Millis how_long);

// Waits for the reactor's next connection slot (limit_connections). True at
// once off a fiber or without a cap; false when no slot comes before
// `until` (nothing reserved then) or the waits were expired.
bool await_connection_slot(const Deadline& until);

// True while a fiber of some reactor runs on this thread.
bool on_fiber();

}  // namespace attest::ssh
