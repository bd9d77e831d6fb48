#include "attest/lab/tpm_workers.hpp"

namespace attest::lab {

TpmWorkers::TpmWorkers(EventLoop& loop, std::size_t threads) : loop_(loop) {
  for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
}

TpmWorkers::~TpmWorkers() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    jobs_.clear();
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
}

void TpmWorkers::submit(const DeviceTpm& tpm, std::string command, Done done) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back({&tpm, std::move(command), std::move(done)});
  }
  wake_.notify_one();
}

void TpmWorkers::work() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    std::optional<ExecResult> answer;
    try {
      answer = job.tpm->exec(job.command);
    } catch (const std::exception& e) {  // never let one command take the lab down
      answer = ExecResult{"", std::string("attest-lab: internal error: ") + e.what() + "\n", 3};
    }
    loop_.post([done = std::move(job.done), answer = std::move(answer)] { done(answer); });
  }
}

}  // namespace attest::lab
