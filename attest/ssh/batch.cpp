#include "attest/ssh/batch.hpp"

#include <sched.h>
#include <sys/resource.h>

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

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

std::size_t default_threads() {
  cpu_set_t cpus;
  CPU_ZERO(&cpus);
  const int n = ::sched_getaffinity(0, sizeof cpus, &cpus) == 0 ? CPU_COUNT(&cpus) : 1;
  return std::clamp<std::size_t>(static_cast<std::size_t>(std::max(n, 1)), 1, kMaxThreads);
}

namespace {

// What every loop of one batch shares: the next index to start, the pacer,
// and which indices finished (each written by one loop, read after all ended).
struct BatchShared {
  BatchShared(std::size_t n, const BatchLimits& l)
      : count(n), limits(l), pacer(std::make_shared<ConnectionPacer>(l.handshake_rate)), finished(n, 0) {}
  const std::size_t count;
  const BatchLimits& limits;
  const std::shared_ptr<ConnectionPacer> pacer;
  std::atomic<std::size_t> next{0};
  std::vector<char> finished;
};

// One event loop with `fibers` fibers taking indices until none is left.
void run_loop(BatchShared& shared, std::size_t fibers, const std::function<void(std::size_t)>& work,
              const std::function<void()>& on_tick) {
  Reactor reactor;
  reactor.limit_connections(shared.pacer);
  CancelClock cancel(reactor, shared.limits);
  for (std::size_t f = 0; f < fibers; ++f) {
    reactor.spawn([&] {
      while (!cancel.cancelled()) {
        const std::size_t i = shared.next.fetch_add(1);
        if (i >= shared.count) return;
        work(i);  // throws only past its own guards: then it did not finish
        shared.finished[i] = 1;
      }
    });
  }
  reactor.run(
      [&] {
        cancel.check();
        if (on_tick) on_tick();
      },
      std::min(kCancelPoll, shared.limits.tick_interval));
}

}  // namespace

std::vector<bool> run_batch(std::size_t count, const BatchLimits& limits, const std::function<void(std::size_t)>& work,
                            const std::function<void()>& tick) {
  if (count == 0) {
    if (tick) tick();
    return {};
  }
  BatchShared shared(count, limits);
  const std::size_t fibers = std::min({count, std::max<std::size_t>(1, limits.max_sessions), session_capacity()});
  const std::size_t threads = std::clamp<std::size_t>(limits.threads, 1, fibers);
  auto next_tick = SteadyClock::now() + limits.tick_interval;
  const auto ticker = [&] {
    if (!tick || SteadyClock::now() < next_tick) return;
    tick();
    next_tick = SteadyClock::now() + limits.tick_interval;
  };

  // The other loops, each with its share of the fibers. A loop that cannot
  // start (no epoll descriptor) takes nothing and the others take its share;
  // only when none could start does the batch fail.
  const auto share = [&](std::size_t t) { return fibers / threads + (t < fibers % threads ? 1 : 0); };
  std::mutex mutex;
  std::condition_variable ended;
  std::size_t running = threads - 1;
  std::exception_ptr failure;
  std::size_t failed = 0;
  const auto note_failure = [&] {
    const std::lock_guard<std::mutex> lock(mutex);
    if (!failure) failure = std::current_exception();
    ++failed;
  };
  std::vector<std::thread> others;
  for (std::size_t t = 1; t < threads; ++t) {
    others.emplace_back([&, t] {
      try {
        run_loop(shared, share(t), work, {});
      } catch (...) {
        note_failure();
      }
      const std::lock_guard<std::mutex> lock(mutex);
      --running;
      ended.notify_one();
    });
  }
  try {
    run_loop(shared, share(0), work, ticker);
  } catch (...) {
    note_failure();
  }
  {
    // This loop may run dry first: the view still ticks while the others end.
    std::unique_lock<std::mutex> lock(mutex);
    while (running > 0) {
      ended.wait_for(lock, std::min(kCancelPoll, limits.tick_interval));
      lock.unlock();
      ticker();
      lock.lock();
    }
  }
  for (auto& t : others) t.join();
  if (failed == threads) std::rethrow_exception(failure);
  if (tick) tick();
  return {shared.finished.begin(), shared.finished.end()};
}

}  // namespace attest::ssh
