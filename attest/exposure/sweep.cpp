// Probing every endpoint of many devices: a few worker threads, one global
// cap on new probes per second (a vantage must not look like a scan storm to
// the network it sits on), each probe under its own deadline.
#include <ifaddrs.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "attest/exposure/exposure.hpp"
#include "attest/exposure/socket_address.hpp"

namespace attest::exposure {
namespace {

constexpr std::size_t kMaxWorkers = 32;

// Hands out start times at most `rate` per second, evenly spaced.
class RateLimiter {
 public:
  explicit RateLimiter(double rate) : interval_(rate > 0 ? std::chrono::duration<double>(1.0 / rate) : std::chrono::duration<double>(0)) {}
  void wait_turn() {
    SteadyClock::time_point start;
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      const auto now = SteadyClock::now();
      start = next_ > now ? next_ : now;
      next_ = start + std::chrono::duration_cast<SteadyClock::duration>(interval_);
    }
    std::this_thread::sleep_until(start);
  }

 private:
  std::chrono::duration<double> interval_;
  std::mutex mutex_;
  SteadyClock::time_point next_ = SteadyClock::now();
};

}  // namespace

std::vector<std::vector<EndpointResult>> probe_devices(const std::vector<Device>& devices, const SweepOptions& options) {
  std::vector<std::vector<EndpointResult>> out(devices.size());
  RateLimiter limiter(options.probes_per_second);
  std::atomic<std::size_t> next{0};
  std::mutex progress_mutex;
  const auto work = [&] {
    for (std::size_t i = next++; i < devices.size(); i = next++) {
      for (const auto& endpoint : management_endpoints(devices[i])) {
        if (options.cancel && options.cancel->load()) {
          out[i].push_back({endpoint, Reach::error, "not probed: the run was interrupted", "", 0});
          continue;
        }
        limiter.wait_turn();
        out[i].push_back(probe_endpoint(devices[i].address, endpoint, options.probe));
      }
      if (options.done) {
        const std::lock_guard<std::mutex> lock(progress_mutex);
        options.done(i, out[i]);
      }
    }
  };
  const std::size_t workers = std::max<std::size_t>(1, std::min({kMaxWorkers, devices.size(), options.workers}));
  std::vector<std::thread> threads;
  for (std::size_t w = 0; w < workers; ++w) threads.emplace_back(work);
  for (auto& t : threads) t.join();
  return out;
}

std::string interface_of(const std::string& address) {
  ifaddrs* list = nullptr;
  if (address.empty() || ::getifaddrs(&list) != 0) return "";
  std::string name;
  for (const ifaddrs* a = list; a != nullptr && name.empty(); a = a->ifa_next) {
    if (a->ifa_addr != nullptr && detail::address_text(a->ifa_addr) == address) name = a->ifa_name;
  }
  ::freeifaddrs(list);
  return name;
}

}  // namespace attest::exposure
