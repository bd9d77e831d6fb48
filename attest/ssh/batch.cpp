#include "attest/ssh/batch.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <optional>

#include "attest/ssh/reactor.hpp"

namespace attest::ssh {

namespace {

// The loop looks at the cancel flag this often (a signal handler cannot
// wake it); the caller's tick runs at its own interval.
constexpr Millis kCancelPoll{50};

rlim_t raised_fd_limit() {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0) return 1024;
  if (lim.rlim_cur < lim.rlim_max) {
    rlimit raised = lim;
    raised.rlim_cur = lim.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) lim = raised;
  }
  return lim.rlim_cur == RLIM_INFINITY ? rlim_t{1} << 20 : lim.rlim_cur;
}

// Reacts to a cancel: waits expire after the grace, then stragglers are left.
class CancelClock {
 public:
  CancelClock(Reactor& reactor, const BatchLimits& limits) : reactor_(reactor), limits_(limits) {}
  bool cancelled() const { return limits_.cancel != nullptr && limits_.cancel->load(); }
  void check() {
    if (!cancelled()) return;
    const auto now = SteadyClock::now();
    if (!since_) since_ = now;
    if (!expired_ && now - *since_ >= limits_.cancel_grace) {
      reactor_.expire_waits();
      expired_ = true;
    } else if (expired_ && now - *since_ >= limits_.cancel_grace + kAbandonAfter) {
      reactor_.abandon();
    }
  }

 private:
  Reactor& reactor_;
  const BatchLimits& limits_;
  std::optional<SteadyClock::time_point> since_;
  bool expired_ = false;
};

}  // namespace

std::size_t session_capacity() {
  static const std::size_t capacity = [] {
    constexpr rlim_t kReserve = 64;  // stdio, reports, the ledger, the epoll fd
    const rlim_t fds = raised_fd_limit();
    return fds > 2 * kReserve ? static_cast<std::size_t>((fds - kReserve) / 2) : std::size_t{1};
  }();
  return capacity;
}

std::vector<bool> run_batch(std::size_t count, const BatchLimits& limits, const std::function<void(std::size_t)>& work,
                            const std::function<void()>& tick) {
  std::vector<bool> finished(count, false);
  if (count == 0) {
    if (tick) tick();
    return finished;
  }
  Reactor reactor;
  reactor.limit_connections(limits.handshake_rate);
  CancelClock cancel(reactor, limits);
  std::size_t next = 0;
  const std::size_t fibers = std::min({count, std::max<std::size_t>(1, limits.max_sessions), session_capacity()});
  for (std::size_t f = 0; f < fibers; ++f) {
    reactor.spawn([&] {
      while (!cancel.cancelled() && next < count) {
        const std::size_t i = next++;
        work(i);  // throws only past its own guards: then it did not finish
        finished[i] = true;
      }
    });
  }
  auto next_tick = SteadyClock::now() + limits.tick_interval;
  reactor.run(
      [&] {
        cancel.check();
        if (!tick || SteadyClock::now() < next_tick) return;
        tick();
        next_tick = SteadyClock::now() + limits.tick_interval;
      },
      std::min(kCancelPoll, limits.tick_interval));
  if (tick) tick();
  return finished;
}

}  // namespace attest::ssh
