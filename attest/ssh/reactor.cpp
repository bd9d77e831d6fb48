#include "attest/ssh/reactor.hpp"

#include <poll.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <deque>
#include <queue>
#include <stdexcept>
#include <thread>
#include <vector>

#include "attest/ssh/fiber.hpp"

namespace attest::ssh {

namespace {

struct TimerEntry {
  SteadyClock::time_point when;
  unsigned long long wait_id;
  Fiber* fiber;
  bool operator>(const TimerEntry& o) const { return when > o.when; }
};

std::uint32_t epoll_events(short events) {
  std::uint32_t out = EPOLLONESHOT;
  if (events & POLLIN) out |= EPOLLIN;
  if (events & POLLOUT) out |= EPOLLOUT;
  return out;
}

// epoll_wait's timeout: rounded up, so a wakeup is never early.
int timeout_ms(SteadyClock::time_point until) {
  const auto left = until - SteadyClock::now();
  if (left <= SteadyClock::duration::zero()) return 0;
  const auto ms = std::chrono::ceil<Millis>(left).count();
  return ms > 60000 ? 60000 : static_cast<int>(ms);
}

bool poll_thread(int fd, short events, SteadyClock::time_point until) {
  pollfd pfd{fd, events, 0};
  for (;;) {
    const int rc = ::poll(&pfd, 1, timeout_ms(until));
    if (rc >= 0) return true;
    if (errno != EINTR) return false;
  }
}

}  // namespace

struct Reactor::Impl {
  int epoll_fd = -1;
  // Fiber objects live as long as the reactor: a stale timer entry may
  // still name one that finished (its wait_id is 0 then).
  std::vector<std::unique_ptr<Fiber>> fibers;
  std::deque<Fiber*> ready;
  std::priority_queue<TimerEntry, std::vector<TimerEntry>, std::greater<>> timers;
  Fiber* running = nullptr;
  std::size_t live = 0;
  unsigned long long next_wait_id = 0;
  bool expired = false;
  bool abandoned = false;
  std::shared_ptr<ConnectionPacer> pacer;  // null: no cap

  void make_ready(Fiber* f) {
    f->wait_id = 0;
    ready.push_back(f);
  }
  // Suspends the running fiber until an fd event, `until` or expire_waits().
  void park(SteadyClock::time_point until) {
    Fiber* f = running;
    f->wait_id = ++next_wait_id;
    f->woken_by_fd = false;
    timers.push({until, f->wait_id, f});
    f->suspend();
  }
  void yield() {
    ready.push_back(running);
    running->suspend();
  }
  void run_ready();
  void poll_events(SteadyClock::time_point until);
  void fire_timers();
  SteadyClock::time_point next_timer();
};

thread_local Reactor::Impl* current_reactor = nullptr;  // set while a fiber runs

Reactor::Reactor() : impl_(std::make_unique<Impl>()) {
  impl_->epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
  if (impl_->epoll_fd < 0) throw std::runtime_error("epoll_create1 failed");
}

Reactor::~Reactor() {
  for (auto& f : impl_->fibers) {
    if (!f->finished()) f->abandon();
  }
  ::close(impl_->epoll_fd);
}

void Reactor::spawn(std::function<void()> body) {
  impl_->fibers.push_back(std::make_unique<Fiber>(std::move(body)));
  ++impl_->live;
  impl_->ready.push_back(impl_->fibers.back().get());
}

std::size_t Reactor::live() const { return impl_->live; }

void Reactor::expire_waits() {
  impl_->expired = true;
  for (auto& f : impl_->fibers) {
    if (f->wait_id != 0) impl_->make_ready(f.get());
  }
}

void Reactor::abandon() { impl_->abandoned = true; }

ConnectionPacer::ConnectionPacer(double per_second)
    : interval_(per_second > 0 ? std::chrono::duration_cast<SteadyClock::duration>(
                                     std::chrono::duration<double>(1.0 / per_second))
                               : SteadyClock::duration::zero()) {}

std::optional<SteadyClock::time_point> ConnectionPacer::reserve(SteadyClock::time_point now,
                                                                 SteadyClock::time_point latest) {
  if (unlimited()) return now;
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto slot = std::max(now, next_);
  if (slot > latest) return std::nullopt;
  next_ = slot + interval_;
  return slot;
}

void Reactor::limit_connections(double per_second) {
  limit_connections(per_second > 0 ? std::make_shared<ConnectionPacer>(per_second) : nullptr);
}

void Reactor::limit_connections(std::shared_ptr<ConnectionPacer> pacer) {
  impl_->pacer = pacer && !pacer->unlimited() ? std::move(pacer) : nullptr;
}

// Only the fibers ready now: one that yields at once (its waits expired)
// must not starve the loop's own work (events, timers, ticks).
void Reactor::Impl::run_ready() {
  for (std::size_t n = ready.size(); n > 0 && !ready.empty() && !abandoned; --n) {
    Fiber* f = ready.front();
    ready.pop_front();
    running = f;
    current_reactor = this;
    f->resume();
    current_reactor = nullptr;
    running = nullptr;
    if (f->finished()) --live;
  }
}

SteadyClock::time_point Reactor::Impl::next_timer() {
  while (!timers.empty() && timers.top().fiber->wait_id != timers.top().wait_id) timers.pop();
  return timers.empty() ? SteadyClock::time_point::max() : timers.top().when;
}

void Reactor::Impl::poll_events(SteadyClock::time_point until) {
  epoll_event events[256];
  const int n = ::epoll_wait(epoll_fd, events, 256, ready.empty() ? timeout_ms(until) : 0);
  for (int i = 0; i < n; ++i) {
    auto* f = static_cast<Fiber*>(events[i].data.ptr);
    if (f->wait_id == 0) continue;  // woken otherwise meanwhile
    f->woken_by_fd = true;
    make_ready(f);
  }
}

void Reactor::Impl::fire_timers() {
  const auto now = SteadyClock::now();
  while (!timers.empty() && timers.top().when <= now) {
    const TimerEntry t = timers.top();
    timers.pop();
    if (t.fiber->wait_id == t.wait_id) make_ready(t.fiber);
  }
}

void Reactor::run(const std::function<void()>& tick, Millis interval) {
  Impl& r = *impl_;
  auto next_tick = SteadyClock::now() + interval;
  while (r.live > 0 && !r.abandoned) {
    r.run_ready();
    if (r.live == 0 || r.abandoned) break;
    r.poll_events(std::min(r.next_timer(), next_tick));
    r.fire_timers();
    if (SteadyClock::now() >= next_tick) {
      if (tick) tick();
      next_tick = SteadyClock::now() + interval;
    }
  }
  if (tick) tick();
}

bool wait_ready(int fd, short events, SteadyClock::time_point until) {
  Reactor::Impl* r = current_reactor;
  if (r == nullptr) return poll_thread(fd, events, until);
  if (r->expired) {
    r->yield();  // stay fair to the others even when failing at once
    return false;
  }
  epoll_event ev{};
  ev.events = epoll_events(events);
  ev.data.ptr = r->running;
  if (::epoll_ctl(r->epoll_fd, EPOLL_CTL_ADD, fd, &ev) != 0 &&
      (errno != EEXIST || ::epoll_ctl(r->epoll_fd, EPOLL_CTL_MOD, fd, &ev) != 0)) {
    return false;
  }
  r->park(until);
  ::epoll_ctl(r->epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
  return !r->expired;
}

void pause_for(Millis how_long) {
  Reactor::Impl* r = current_reactor;
  if (r == nullptr) {
    std::this_thread::sleep_for(how_long);
    return;
  }
  if (r->expired) return r->yield();
  r->park(SteadyClock::now() + how_long);
}

bool await_connection_slot(const Deadline& until) {
  Reactor::Impl* r = current_reactor;
  if (r == nullptr || !r->pacer) return true;
  if (r->expired) return false;
  const auto now = SteadyClock::now();
  const auto slot = r->pacer->reserve(now, until.end());
  if (!slot) return false;
  // Slots are reserved evenly; a fiber woken late (the loop was busy) takes
  // its slot late rather than queueing again, which would make every late
  // fiber wake for every slot.
  if (*slot > now) r->park(*slot);
  return !r->expired;
}

bool on_fiber() { return current_reactor != nullptr; }

}  // namespace attest::ssh
