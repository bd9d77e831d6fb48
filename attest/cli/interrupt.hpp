// SIGINT/SIGTERM during a rack run. The first signal only sets a flag: the
// engine starts no further device, marks unfinished ones "interrupted", and
// the partial report is still written and signed. The handler resets itself
// (SA_RESETHAND), so a second signal takes the default action and ends the
// process at once.
#pragma once

#include <atomic>

namespace attest::cli {

class InterruptScope {
 public:
  InterruptScope();   // installs the handlers, clears the flag
  ~InterruptScope();  // restores the handlers found
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

  // Set by the first signal; static storage, so it outlives any collection.
  static const std::atomic<bool>* flag();
  // The signal received (SIGINT, SIGTERM), 0 if none.
  static int signal_number();
};

}  // namespace attest::cli
