#include "attest/ssh/fiber.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <new>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#include <sanitizer/lsan_interface.h>
#define ATTEST_ASAN 1
#endif
#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#define ATTEST_TSAN 1
#endif

// ASan's swapcontext interceptor prints a warning on stderr on first use,
// which lands in the middle of a live progress view. The switches are
// annotated for ASan already (below), so under ASan the same switch is made
// with getcontext + setcontext, which it does not intercept. A macro, not a
// function: nothing may be entered on one stack and left on the other.
#if defined(ATTEST_ASAN)
#define ATTEST_SWAP_CONTEXT(from, to)   \
  do {                                  \
    volatile bool attest_resumed = false; \
    ::getcontext(from);                 \
    if (!attest_resumed) {              \
      attest_resumed = true;            \
      ::setcontext(to);                 \
    }                                   \
  } while (false)
#else
#define ATTEST_SWAP_CONTEXT(from, to) ::swapcontext(from, to)
#endif

namespace attest::ssh {

namespace {

// libssh2, OpenSSL and the collector need a few tens of KiB; only touched
// pages cost memory. Sanitized frames are several times larger.
#if defined(ATTEST_ASAN) || defined(ATTEST_TSAN)
constexpr std::size_t kStackSize = 2u << 20;
#else
constexpr std::size_t kStackSize = 256u << 10;
#endif

thread_local Fiber* starting = nullptr;  // handed to entry(), which takes no arguments

std::size_t page_size() {
  static const std::size_t size = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  return size;
}

}  // namespace

Fiber::Fiber(std::function<void()> body) : body_(std::move(body)) {
  // One guard page below the stack: an overflow faults instead of
  // corrupting the heap.
  mapped_ = kStackSize + page_size();
  stack_ = ::mmap(nullptr, mapped_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK,
                  -1, 0);
  if (stack_ == MAP_FAILED) throw std::bad_alloc();
  ::mprotect(stack_, page_size(), PROT_NONE);
  ::getcontext(&context_);
  context_.uc_stack.ss_sp = static_cast<char*>(stack_) + page_size();
  context_.uc_stack.ss_size = kStackSize;
  context_.uc_link = nullptr;  // entry() never returns
  ::makecontext(&context_, &Fiber::entry, 0);
#if defined(ATTEST_TSAN)
  tsan_fiber_ = __tsan_create_fiber(0);
#endif
}

Fiber::~Fiber() {
#if defined(ATTEST_TSAN)
  if (tsan_fiber_ != nullptr) __tsan_destroy_fiber(tsan_fiber_);
#endif
  if (stack_ != nullptr) ::munmap(stack_, mapped_);
}

void Fiber::abandon() {
#if defined(ATTEST_ASAN)
  __lsan_register_root_region(static_cast<char*>(stack_) + page_size(), kStackSize);
#endif
  stack_ = nullptr;  // never unmapped
  tsan_fiber_ = nullptr;
}

void Fiber::resume() {
  if (finished_) return;
  starting = this;
#if defined(ATTEST_TSAN)
  tsan_caller_ = __tsan_get_current_fiber();
  __tsan_switch_to_fiber(tsan_fiber_, 0);
#endif
#if defined(ATTEST_ASAN)
  void* caller_fake = nullptr;
  __sanitizer_start_switch_fiber(&caller_fake, context_.uc_stack.ss_sp, context_.uc_stack.ss_size);
#endif
  ATTEST_SWAP_CONTEXT(&caller_, &context_);
#if defined(ATTEST_ASAN)
  __sanitizer_finish_switch_fiber(caller_fake, nullptr, nullptr);
#endif
}

// TSan's switch is made right here, not in a helper: TSan counts function
// entries and exits per fiber, and a helper entered on one fiber and left
// on the other would unbalance both.
void Fiber::suspend() {
  switch_out(false);
#if defined(ATTEST_TSAN)
  __tsan_switch_to_fiber(tsan_caller_, 0);
#endif
  ATTEST_SWAP_CONTEXT(&context_, &caller_);
  switch_in();
}

void Fiber::switch_in() {
#if defined(ATTEST_ASAN)
  __sanitizer_finish_switch_fiber(fake_stack_, &caller_bottom_, &caller_size_);
#endif
}

void Fiber::switch_out(bool final) {
#if defined(ATTEST_ASAN)
  // A finished fiber's fake stack is released (nullptr).
  __sanitizer_start_switch_fiber(final ? nullptr : &fake_stack_, caller_bottom_, caller_size_);
#else
  (void)final;
#endif
}

void Fiber::entry() {
  Fiber* self = starting;
  self->switch_in();
  try {
    self->body_();
  } catch (...) {
    // Nowhere to go: an exception cannot unwind past this stack.
  }
  self->body_ = nullptr;  // what it captured goes now, on this stack
  self->finished_ = true;
  self->switch_out(true);
#if defined(ATTEST_TSAN)
  __tsan_switch_to_fiber(self->tsan_caller_, 0);
#endif
  ::setcontext(&self->caller_);
}

}  // namespace attest::ssh
