#include "attest/lab/event_loop.hpp"

#include <sys/eventfd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace attest::lab {
namespace {

constexpr std::uint64_t kWakeTag = ~std::uint64_t{0};

// Earliest first; among equal times, first scheduled first.
bool later(const auto& a, const auto& b) { return a.when != b.when ? a.when > b.when : a.seq > b.seq; }

std::uint64_t tag(int fd, std::uint32_t generation) {
  return (std::uint64_t{generation} << 32) | static_cast<std::uint32_t>(fd);
}

}  // namespace

Result<std::unique_ptr<EventLoop>> EventLoop::create() {
  Fd ep(::epoll_create1(EPOLL_CLOEXEC));
  if (ep.get() < 0) return make_error(ErrorKind::io, std::string("epoll_create1: ") + std::strerror(errno));
  Fd wake(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (wake.get() < 0) return make_error(ErrorKind::io, std::string("eventfd: ") + std::strerror(errno));
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kWakeTag;
  if (::epoll_ctl(ep.get(), EPOLL_CTL_ADD, wake.get(), &ev) != 0) {
    return make_error(ErrorKind::io, std::string("epoll_ctl: ") + std::strerror(errno));
  }
  return std::unique_ptr<EventLoop>(new EventLoop(std::move(ep), std::move(wake)));
}

Status EventLoop::add(int fd, std::uint32_t events, IoHandler& handler) {
  if (fd < 0) return make_error(ErrorKind::internal, "EventLoop::add: no fd");
  if (static_cast<std::size_t>(fd) >= slots_.size()) slots_.resize(static_cast<std::size_t>(fd) + 1);
  Slot& slot = slots_[static_cast<std::size_t>(fd)];
  slot.handler = &handler;
  ++slot.generation;
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = tag(fd, slot.generation);
  if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &ev) != 0) {
    slot.handler = nullptr;
    return make_error(ErrorKind::io, std::string("epoll_ctl(ADD): ") + std::strerror(errno));
  }
  return ok_status();
}

void EventLoop::modify(int fd, std::uint32_t events) {
  if (fd < 0 || static_cast<std::size_t>(fd) >= slots_.size()) return;
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = tag(fd, slots_[static_cast<std::size_t>(fd)].generation);
  (void)::epoll_ctl(epoll_.get(), EPOLL_CTL_MOD, fd, &ev);
}

void EventLoop::remove(int fd, const IoHandler& handler) {
  if (fd < 0 || static_cast<std::size_t>(fd) >= slots_.size()) return;
  Slot& slot = slots_[static_cast<std::size_t>(fd)];
  if (slot.handler != &handler) return;
  slot.handler = nullptr;
  (void)::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd, nullptr);
}

void EventLoop::at(TimePoint when, Task task) {
  timers_.push_back({when, timer_seq_++, std::move(task)});
  std::push_heap(timers_.begin(), timers_.end(), later<Timer, Timer>);
}

void EventLoop::post(Task task) {
  {
    std::lock_guard lock(posted_mutex_);
    if (stopping_) return;
    posted_.push_back(std::move(task));
  }
  const std::uint64_t one = 1;
  (void)!::write(wake_.get(), &one, sizeof one);
}

void EventLoop::stop() {
  {
    std::lock_guard lock(posted_mutex_);
    stopping_ = true;
  }
  const std::uint64_t one = 1;
  (void)!::write(wake_.get(), &one, sizeof one);
}

// Rounded up, so a timer due in 0.3 ms is not polled for in a busy loop.
int EventLoop::next_timeout_ms() const {
  if (!deferred_.empty()) return 0;
  if (timers_.empty()) return -1;
  const auto left = timers_.front().when - SteadyClock::now();
  if (left <= SteadyClock::duration::zero()) return 0;
  const auto ms = std::chrono::ceil<Millis>(left).count();
  return static_cast<int>(std::min<long long>(ms, 60000));
}

void EventLoop::dispatch(const epoll_event& event) {
  if (event.data.u64 == kWakeTag) {
    std::uint64_t n = 0;
    (void)!::read(wake_.get(), &n, sizeof n);
    run_posted();
    return;
  }
  const auto fd = static_cast<std::size_t>(event.data.u64 & 0xffffffffu);
  const auto generation = static_cast<std::uint32_t>(event.data.u64 >> 32);
  if (fd >= slots_.size()) return;
  const Slot& slot = slots_[fd];
  if (slot.handler != nullptr && slot.generation == generation) slot.handler->on_io(event.events);
}

void EventLoop::run_posted() {
  std::vector<Task> tasks;
  {
    std::lock_guard lock(posted_mutex_);
    tasks.swap(posted_);
  }
  for (auto& t : tasks) t();
}

// Only timers scheduled before this round started: a task that schedules
// another at "now" cannot keep the loop from polling.
void EventLoop::run_due_timers() {
  const auto now = SteadyClock::now();
  const std::uint64_t seq_limit = timer_seq_;
  while (!timers_.empty() && timers_.front().when <= now && timers_.front().seq < seq_limit && !stopping_) {
    std::pop_heap(timers_.begin(), timers_.end(), later<Timer, Timer>);
    Task task = std::move(timers_.back().task);
    timers_.pop_back();
    task();
  }
}

void EventLoop::run_deferred() {
  while (!deferred_.empty()) {
    std::vector<Task> tasks;
    tasks.swap(deferred_);
    for (auto& t : tasks) t();
  }
}

void EventLoop::run() {
  constexpr int kBatch = 256;
  epoll_event events[kBatch];
  while (!stopping_) {
    const int n = ::epoll_wait(epoll_.get(), events, kBatch, next_timeout_ms());
    for (int i = 0; i < n && !stopping_; ++i) dispatch(events[i]);
    run_due_timers();
    run_deferred();
  }
}

}  // namespace attest::lab
