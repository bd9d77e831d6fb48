// A few helper threads for TPM devices: `attest agent ...` and tpm2_quote
// run real tools against a swtpm for up to seconds, which the event loop
// must not wait for. Answers come back on the loop thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "attest/lab/event_loop.hpp"
#include "attest/lab/personality.hpp"
#include "attest/lab/tpm_device.hpp"

namespace attest::lab {

class TpmWorkers {
 public:
  // The answer of DeviceTpm::exec: nullopt when the command is not a TPM one.
  using Done = std::function<void(std::optional<ExecResult>)>;

  TpmWorkers(EventLoop& loop, std::size_t threads);
  // Lets running commands finish and drops queued ones.
  ~TpmWorkers();
  TpmWorkers(const TpmWorkers&) = delete;
  TpmWorkers& operator=(const TpmWorkers&) = delete;

  // `tpm` must outlive the workers; `done` runs on the loop thread.
  void submit(const DeviceTpm& tpm, std::string command, Done done);

 private:
  struct Job {
    const DeviceTpm* tpm;
    std::string command;
    Done done;
  };
  void work();

  EventLoop& loop_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace attest::lab
