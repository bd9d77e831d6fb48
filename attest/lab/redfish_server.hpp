// One Redfish BMC of the lab served over HTTPS (OpenSSL, blocking I/O):
// a thread accepts on the device's own address, each connection gets a
// thread of its own (at most kMaxConnections at once; more are closed on
// accept), with socket timeouts so an idle or stalled client is dropped.
// Redfish devices are few; none of this touches the SSH event loop.
#pragma once

#include <atomic>
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "attest/lab/device.hpp"
#include "attest/lab/fd.hpp"
#include "attest/lab/redfish_service.hpp"
#include "attest/lab/runtime.hpp"
#include "attest/lab/stats.hpp"
#include "attest/lab/tls.hpp"

namespace attest::lab {

class RedfishServer {
 public:
  static constexpr std::size_t kMaxConnections = 32;
  static constexpr int kIdleTimeoutS = 10;     // a read or write that waits longer ends the connection
  static constexpr int kHangLimitS = 600;      // the hang fault holds a connection at most this long

  // Loads (or creates) the TLS identity, renders the mockup and binds the
  // listener; serving starts with start(). Errors name the spec and device.
  static Result<std::unique_ptr<RedfishServer>> create(const LabSpec& spec, std::size_t index, Stats& stats,
                                                        const Log& log);
  ~RedfishServer();
  RedfishServer(const RedfishServer&) = delete;
  RedfishServer& operator=(const RedfishServer&) = delete;

  const ReadyDevice& ready() const { return ready_; }
  [[nodiscard]] Status start();
  // Idempotent: closes the listener, ends every connection, joins every thread.
  void stop();

 private:
  struct Worker {
    std::thread thread;
    std::atomic<bool> done{false};
  };

  RedfishServer(DeviceSpec device, std::size_t index, Stats& stats, const Log& log, TlsIdentity tls, MockupTree tree);
  void accept_loop();
  void reap_workers(bool all);
  void serve(Fd fd, const std::string& peer);
  void serve_requests(SSL* ssl, const std::string& peer);
  void hang(SSL* ssl);
  void record(const AuthEvents& auth, std::uint64_t& attempts_here);

  DeviceSpec device_;
  std::size_t index_;
  Stats& stats_;
  const Log& log_;
  TlsIdentity tls_;
  RedfishService service_;
  ReadyDevice ready_;
  Fd listen_fd_;
  Fd wake_fd_;  // eventfd: stop() wakes the accept loop
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  std::mutex mutex_;
  std::set<int> open_fds_;  // shut down by stop() to end blocked reads
  std::list<Worker> workers_;
  std::once_flag stopped_;
};

}  // namespace attest::lab
