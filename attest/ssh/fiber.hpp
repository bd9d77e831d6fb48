// A fiber: a function running on a stack of its own, switched to and from
// explicitly (ucontext). Only the reactor uses it. The sanitizers are told
// about every switch (ASan's and TSan's fiber annotations), so the
// sanitizer builds check fiber code like any other.
#pragma once

#include <ucontext.h>

#include <cstddef>
#include <functional>

namespace attest::ssh {

class Fiber {
 public:
  explicit Fiber(std::function<void()> body);
  ~Fiber();
  Fiber(const Fiber&) = delete;
  Fiber& operator=(const Fiber&) = delete;

  // From the loop: runs the fiber until it suspends or finishes.
  void resume();
  // From inside the fiber: back to whoever resumed it.
  void suspend();
  bool finished() const { return finished_; }
  // Never resumed again: keep the stack (what is on it stays reachable for
  // the leak checker) and forget it.
  void abandon();

  // Bookkeeping for the reactor's waits.
  unsigned long long wait_id = 0;  // the wait in progress; 0: none
  bool woken_by_fd = false;

 private:
  static void entry();
  void switch_in();   // bookkeeping after arriving on the fiber's stack
  void switch_out(bool final);

  std::function<void()> body_;
  ucontext_t context_{};
  ucontext_t caller_{};
  void* stack_ = nullptr;  // the mapping, guard page included
  std::size_t mapped_ = 0;
  bool finished_ = false;
  // Sanitizer state: ASan's fake stack and the caller's stack bounds, TSan's
  // fiber. Unused in builds without the sanitizers.
  [[maybe_unused]] void* fake_stack_ = nullptr;
  [[maybe_unused]] const void* caller_bottom_ = nullptr;
  [[maybe_unused]] std::size_t caller_size_ = 0;
  [[maybe_unused]] void* tsan_fiber_ = nullptr;
  [[maybe_unused]] void* tsan_caller_ = nullptr;
};

}  // namespace attest::ssh
