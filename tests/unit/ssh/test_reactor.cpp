// The event loop and its fibers: waits suspend the fiber, not the thread;
// timers, fd readiness, expiry, pacing and abandonment behave as the batch
// engine relies on.
#include <doctest/doctest.h>

#include <poll.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "attest/ssh/batch.hpp"
#include "attest/ssh/reactor.hpp"

namespace attest::ssh {
namespace {

using namespace std::chrono_literals;

struct Pipe {
  int fds[2] = {-1, -1};
  Pipe() { REQUIRE(::pipe(fds) == 0); }
  ~Pipe() {
    ::close(fds[0]);
    ::close(fds[1]);
  }
};

double seconds_since(SteadyClock::time_point t0) {
  return std::chrono::duration<double>(SteadyClock::now() - t0).count();
}

TEST_CASE("fibers sleeping at once overlap on one thread") {
  Reactor reactor;
  std::vector<int> order;
  for (int i = 0; i < 50; ++i) {
    reactor.spawn([&order, i] {
      pause_for(Millis(i == 0 ? 300 : 100));
      order.push_back(i);
    });
  }
  const auto t0 = SteadyClock::now();
  reactor.run({}, 50ms);
  CHECK(seconds_since(t0) < 1.0);  // 50 sleeps in series would be 5.2 s
  REQUIRE(order.size() == 50);
  CHECK(order.back() == 0);  // the longest sleep ends last
  CHECK(reactor.live() == 0);
}

TEST_CASE("a fiber waiting on a pipe wakes when another fiber writes to it") {
  Pipe p;
  Reactor reactor;
  std::string got;
  bool ready_in_time = false;
  reactor.spawn([&] {
    ready_in_time = wait_ready(p.fds[0], POLLIN, SteadyClock::now() + 5s);
    char buf[8] = {};
    if (::read(p.fds[0], buf, sizeof buf) > 0) got = buf;
  });
  reactor.spawn([&] {
    pause_for(20ms);
    (void)!::write(p.fds[1], "hi", 2);
  });
  const auto t0 = SteadyClock::now();
  reactor.run({}, 50ms);
  CHECK(ready_in_time);
  CHECK(got == "hi");
  CHECK(seconds_since(t0) < 1.0);
}

TEST_CASE("a wait ends at its deadline when nothing comes") {
  Pipe p;
  Reactor reactor;
  double waited = 0;
  reactor.spawn([&] {
    const auto t0 = SteadyClock::now();
    wait_ready(p.fds[0], POLLIN, SteadyClock::now() + 150ms);
    waited = seconds_since(t0);
  });
  reactor.run({}, 50ms);
  CHECK(waited >= 0.149);
  CHECK(waited < 1.0);
}

TEST_CASE("expire_waits ends every wait at once, failing") {
  Pipe p;
  Reactor reactor;
  int failed = 0;
  for (int i = 0; i < 3; ++i) {
    reactor.spawn([&] {
      if (!wait_ready(p.fds[0], POLLIN, SteadyClock::now() + 60s)) ++failed;
      if (!wait_ready(p.fds[0], POLLIN, SteadyClock::now() + 60s)) ++failed;  // and every later one
    });
  }
  int ticks = 0;
  const auto t0 = SteadyClock::now();
  reactor.run([&] {
    if (++ticks == 2) reactor.expire_waits();
  }, 20ms);
  CHECK(failed == 6);
  CHECK(seconds_since(t0) < 2.0);
}

TEST_CASE("abandon leaves fibers that never end, without resuming them") {
  Reactor reactor;
  int resumed_after = 0;
  bool abandoned = false;
  reactor.spawn([&] {
    for (;;) {
      pause_for(5ms);
      if (abandoned) ++resumed_after;
    }
  });
  reactor.run([&] {
    abandoned = true;
    reactor.abandon();
  }, 30ms);
  CHECK(reactor.live() == 1);
  CHECK(resumed_after == 0);
}

TEST_CASE("an exception thrown on a fiber ends that fiber only") {
  Reactor reactor;
  bool other_done = false;
  reactor.spawn([] { throw std::runtime_error("boom"); });
  reactor.spawn([&] {
    pause_for(10ms);
    other_done = true;
  });
  reactor.run({}, 50ms);
  CHECK(other_done);
  CHECK(reactor.live() == 0);
}

TEST_CASE("connection slots are spaced by the rate cap, and refused past a deadline") {
  Reactor reactor;
  reactor.limit_connections(100);  // one slot every 10 ms
  std::vector<SteadyClock::time_point> slots;
  int refused = 0;
  for (int i = 0; i < 20; ++i) {
    reactor.spawn([&] {
      if (await_connection_slot(Deadline(Millis(1000)))) slots.push_back(SteadyClock::now());
    });
  }
  reactor.spawn([&] {
    pause_for(1ms);  // behind the 20 above: its slot is ~190 ms away
    if (!await_connection_slot(Deadline(Millis(50)))) ++refused;
  });
  const auto t0 = SteadyClock::now();
  reactor.run({}, 50ms);
  REQUIRE(slots.size() == 20);
  CHECK(refused == 1);
  // Slot i is 10 ms x i after the first, and a fiber is never woken early
  // (late, on a loaded machine, it may be).
  for (std::size_t i = 0; i < slots.size(); ++i) CHECK(slots[i] - t0 >= Millis(10 * static_cast<int>(i)) - 1ms);
}

TEST_CASE("off a fiber, the same waits block the thread") {
  CHECK_FALSE(on_fiber());
  Pipe p;
  (void)!::write(p.fds[1], "x", 1);
  CHECK(wait_ready(p.fds[0], POLLIN, SteadyClock::now() + 1s));
  CHECK(await_connection_slot(Deadline(Millis(0))));  // no reactor, no cap
  const auto t0 = SteadyClock::now();
  pause_for(30ms);
  CHECK(seconds_since(t0) >= 0.029);
}

TEST_CASE("run_batch runs every index once, at most max_sessions at once, in order of start") {
  BatchLimits limits;
  limits.max_sessions = 4;
  int in_flight = 0, most = 0;
  std::vector<std::size_t> started;
  const auto finished = run_batch(20, limits, [&](std::size_t i) {
    started.push_back(i);
    most = std::max(most, ++in_flight);
    pause_for(Millis(5 + static_cast<int>(i % 3) * 5));
    --in_flight;
  });
  CHECK(most == 4);
  REQUIRE(started.size() == 20);
  for (std::size_t i = 0; i < 20; ++i) CHECK(started[i] == i);
  for (bool f : finished) CHECK(f);
}

TEST_CASE("run_batch after a cancel starts nothing new and reports what did not finish") {
  static std::atomic<bool> cancel{false};
  BatchLimits limits;
  limits.max_sessions = 2;
  limits.cancel = &cancel;
  limits.cancel_grace = 100ms;
  const auto finished = run_batch(10, limits, [&](std::size_t i) {
    if (i == 3) cancel = true;
    pause_for(20ms);
  });
  int done = 0;
  for (bool f : finished) done += f ? 1 : 0;
  CHECK(done >= 3);
  CHECK(done <= 5);
  CHECK_FALSE(finished[9]);
}

TEST_CASE("run_batch on several threads runs every index exactly once, within max_sessions") {
  BatchLimits limits;
  limits.max_sessions = 6;
  limits.threads = 3;
  std::mutex mutex;
  std::vector<int> runs(60, 0);
  std::set<std::thread::id> threads;
  std::atomic<int> in_flight{0}, most{0};
  const auto finished = run_batch(runs.size(), limits, [&](std::size_t i) {
    const int now = ++in_flight;
    for (int m = most.load(); now > m && !most.compare_exchange_weak(m, now);) {
    }
    {
      const std::lock_guard<std::mutex> lock(mutex);
      ++runs[i];
      threads.insert(std::this_thread::get_id());
    }
    pause_for(Millis(2 + static_cast<int>(i % 4) * 3));
    --in_flight;
  });
  for (int n : runs) CHECK(n == 1);
  for (bool f : finished) CHECK(f);
  CHECK(threads.size() == 3);  // each loop took work
  CHECK(threads.count(std::this_thread::get_id()) == 1);  // the caller runs one of them
  CHECK(most.load() <= 6);
}

TEST_CASE("run_batch's loops share one rate cap, and ticks run on the caller's thread while any loop works") {
  BatchLimits limits;
  limits.max_sessions = 8;
  limits.threads = 2;
  limits.handshake_rate = 100;  // one slot every 10 ms, across both loops
  limits.tick_interval = 10ms;
  std::mutex mutex;
  std::vector<SteadyClock::time_point> slots;
  const auto caller = std::this_thread::get_id();
  int ticks = 0, ticks_elsewhere = 0;
  const auto t0 = SteadyClock::now();
  run_batch(
      16, limits,
      [&](std::size_t i) {
        if (!await_connection_slot(Deadline(Millis(2000)))) return;
        {
          const std::lock_guard<std::mutex> lock(mutex);
          slots.push_back(SteadyClock::now());
        }
        // One device holds its loop long after every other is done.
        if (i == 1) pause_for(200ms);
      },
      [&] {
        ++(std::this_thread::get_id() == caller ? ticks : ticks_elsewhere);
      });
  REQUIRE(slots.size() == 16);
  std::sort(slots.begin(), slots.end());
  // Never two in one slot: the k-th connection is at least 10 ms x k after
  // the run began (a loaded machine may make it later, never earlier).
  for (std::size_t k = 0; k < slots.size(); ++k) CHECK(slots[k] - t0 >= Millis(10 * static_cast<int>(k)) - 1ms);
  CHECK(ticks_elsewhere == 0);
  CHECK(ticks >= 10);  // about every 10 ms for the 200 ms + 150 ms of the run
}

TEST_CASE("run_batch on several threads stops starting work after a cancel") {
  static std::atomic<bool> cancel{false};
  cancel = false;
  BatchLimits limits;
  limits.max_sessions = 4;
  limits.threads = 2;
  limits.cancel = &cancel;
  limits.cancel_grace = 100ms;
  std::atomic<int> started{0};
  const auto finished = run_batch(40, limits, [&](std::size_t i) {
    ++started;
    if (i == 5) cancel = true;
    pause_for(20ms);
  });
  int done = 0;
  for (bool f : finished) done += f ? 1 : 0;
  CHECK(started.load() <= 6 + 4);  // the ones in flight when it was set, and nothing after
  CHECK(done <= started.load());
  CHECK_FALSE(finished[39]);
}

TEST_CASE("session_capacity raises the descriptor limit and leaves room for files") {
  rlimit before{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &before) == 0);
  const std::size_t capacity = session_capacity();
  rlimit after{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &after) == 0);
  CHECK(after.rlim_cur == after.rlim_max);  // raised to the hard limit
  if (after.rlim_cur != RLIM_INFINITY) CHECK(capacity == (after.rlim_cur - 64) / 2);
  CHECK(capacity == session_capacity());  // computed once
}

}  // namespace
}  // namespace attest::ssh
