#include "attest/cli/interrupt.hpp"

#include <csignal>

namespace attest::cli {
namespace {

// Only lock-free atomics and sig_atomic_t are safe to touch from a handler.
std::atomic<bool> g_cancel{false};
volatile std::sig_atomic_t g_signal = 0;
static_assert(std::atomic<bool>::is_always_lock_free);

struct sigaction g_previous_int {}, g_previous_term{};

extern "C" void on_interrupt(int sig) {
  g_signal = sig;
  g_cancel.store(true);
}

void install(int sig, struct sigaction* previous) {
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  // SA_RESTART: I/O in other threads carries on; SA_RESETHAND: a second signal kills.
  sa.sa_flags = static_cast<int>(SA_RESTART | SA_RESETHAND);
  ::sigaction(sig, &sa, previous);
}

}  // namespace

InterruptScope::InterruptScope() {
  g_cancel.store(false);
  g_signal = 0;
  install(SIGINT, &g_previous_int);
  install(SIGTERM, &g_previous_term);
}

InterruptScope::~InterruptScope() {
  ::sigaction(SIGINT, &g_previous_int, nullptr);
  ::sigaction(SIGTERM, &g_previous_term, nullptr);
}

const std::atomic<bool>* InterruptScope::flag() { return &g_cancel; }

int InterruptScope::signal_number() { return g_signal; }

}  // namespace attest::cli
