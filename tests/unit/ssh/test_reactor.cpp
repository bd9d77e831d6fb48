// The event loop and its fibers: waits suspend the fiber, not the thread;
// timers, fd readiness, expiry, pacing and abandonment behave as the batch
// engine relies on.
#include <doctest/doctest.h>

#include <poll.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
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
