// A per-command deadline for TPM work that may block without one.
//
// Why a thread: in tpm2-tss 3.2.1 the socket TCTIs (swtpm, mssim) ignore the
// ESAPI timeout and block in read(), and the swtpm TCTI's control channel
// (used by Tss2_TctiLdr_Initialize to set the locality) has no timeout at
// all. Esys_SetTimeout only helps the device TCTI. So the TPM work runs on a
// worker thread that reports progress after every TPM command; if no progress
// is seen for `step`, the caller gets ErrorKind::timeout and the worker is
// abandoned with everything it owns (it ends when the peer closes the socket
// or the process exits). Work must therefore own its inputs (capture by value).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "attest/util/result.hpp"

namespace attest::tpm {

// Shared between the waiting caller and the worker; touch() moves the deadline.
class Progress {
 public:
  explicit Progress(std::chrono::milliseconds step) : step_(step) { touch(); }
  // Called by the worker after each TPM answer: the next command gets a full `step`.
  void touch();
  // Marks the work finished and wakes the caller.
  void finish();
  // Waits until finish() or until the deadline passes without a touch(); true when finished.
  bool wait();
  std::chrono::milliseconds step() const { return step_; }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::chrono::steady_clock::time_point deadline_;
  std::chrono::milliseconds step_;
  bool done_ = false;
};

// Runs `work` on a worker thread; ErrorKind::timeout naming `what` when the
// TPM stops answering for longer than `step`.
template <typename T>
Result<T> run_with_deadline(std::chrono::milliseconds step, const std::string& what,
                            std::function<Result<T>(Progress&)> work) {
  struct Shared {
    explicit Shared(std::chrono::milliseconds s) : progress(s) {}
    Progress progress;
    std::optional<Result<T>> result;
  };
  auto shared = std::make_shared<Shared>(step);
  std::thread worker([shared, work = std::move(work)]() {
    Result<T> r = work(shared->progress);
    shared->result.emplace(std::move(r));  // published by finish()'s mutex
    shared->progress.finish();
  });
  if (!shared->progress.wait()) {
    worker.detach();
    return make_error(ErrorKind::timeout, what + ": the TPM did not answer within " +
                                              std::to_string(step.count()) + " ms");
  }
  worker.join();
  return std::move(*shared->result);
}

}  // namespace attest::tpm
