// The lab's one event loop: epoll over every socket, a timer heap (device
// latency, accept retries), work posted from helper threads (TPM answers),
// and work deferred to the end of the current round (freeing a connection
// only once no callback of it is on the stack). Single-threaded: only post()
// and stop() may be called from other threads.
#pragma once

#include <sys/epoll.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "attest/lab/fd.hpp"
#include "attest/util/clock.hpp"
#include "attest/util/result.hpp"

namespace attest::lab {

class IoHandler {
 public:
  virtual void on_io(std::uint32_t events) = 0;

 protected:
  ~IoHandler() = default;
};

class EventLoop {
 public:
  using TimePoint = SteadyClock::time_point;
  using Task = std::function<void()>;

  [[nodiscard]] static Result<std::unique_ptr<EventLoop>> create();

  // Watches `fd` (EPOLLIN, EPOLLOUT, EPOLLET, ...) until remove(). Events of
  // an fd removed earlier in the same round never reach a newer handler.
  [[nodiscard]] Status add(int fd, std::uint32_t events, IoHandler& handler);
  void modify(int fd, std::uint32_t events);
  // Only while `handler` is the one watching `fd`: a connection whose socket
  // libssh already closed must not unwatch a newer owner of the same number.
  void remove(int fd, const IoHandler& handler);

  void at(TimePoint when, Task task);
  void after(Millis delay, Task task) { at(SteadyClock::now() + delay, std::move(task)); }
  void defer(Task task) { deferred_.push_back(std::move(task)); }
  // Thread-safe; the task runs on the loop thread. Dropped once the loop stopped.
  void post(Task task);

  // Runs until stop().
  void run();
  // Thread-safe and idempotent.
  void stop();
  bool stopping() const { return stopping_.load(); }

 private:
  struct Slot {
    IoHandler* handler = nullptr;
    std::uint32_t generation = 0;
  };
  struct Timer {
    TimePoint when;
    std::uint64_t seq;
    Task task;
  };

  EventLoop(Fd epoll, Fd wake) : epoll_(std::move(epoll)), wake_(std::move(wake)) {}
  int next_timeout_ms() const;
  void dispatch(const epoll_event& event);
  void run_posted();
  void run_due_timers();
  void run_deferred();

  Fd epoll_;
  Fd wake_;  // eventfd: post() and stop() wake epoll_wait
  std::vector<Slot> slots_;   // by fd
  std::vector<Timer> timers_; // a min-heap on (when, seq)
  std::uint64_t timer_seq_ = 0;
  std::vector<Task> deferred_;
  std::mutex posted_mutex_;
  std::vector<Task> posted_;
  std::atomic<bool> stopping_{false};
};

}  // namespace attest::lab
