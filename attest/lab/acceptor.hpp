// Accepts connections on every device's listening socket. The sockets are
// edge-triggered: a listener with connections left waits in a queue and gets
// a bounded share each round, so one busy device cannot starve the others.
// Out of file descriptors (EMFILE/ENFILE), accept() would fail on every round
// while the kernel still reports the listener readable: instead the queue
// rests until a connection closes or kRetry passes; no spinning.
#pragma once

#include <deque>
#include <memory>
#include <vector>

#include "attest/lab/device.hpp"
#include "attest/lab/event_loop.hpp"
#include "attest/lab/hub.hpp"

namespace attest::lab {

class Acceptor {
 public:
  static constexpr Millis kRetry{100};
  static constexpr int kPerRound = 16;  // accepts per listener per round

  explicit Acceptor(Hub& hub);
  ~Acceptor();
  Acceptor(const Acceptor&) = delete;
  Acceptor& operator=(const Acceptor&) = delete;

  [[nodiscard]] Status watch(Device& device);
  // A socket was closed: accepting may succeed again.
  void fd_freed();

 private:
  struct Listener final : IoHandler {
    Listener(Acceptor& a, Device& d) : acceptor(a), device(d) {}
    void on_io(std::uint32_t) override { acceptor.ready(*this); }
    Acceptor& acceptor;
    Device& device;
    bool queued = false;
  };
  enum class Outcome { drained, more, out_of_fds };

  void ready(Listener& l);
  void soon();
  void retry_later();
  void drain();
  void starve();
  Outcome accept_some(Listener& l);

  Hub& hub_;
  std::vector<std::unique_ptr<Listener>> listeners_;
  std::deque<Listener*> queue_;
  bool soon_ = false;         // a drain is due next round
  bool retry_armed_ = false;  // a drain is due in kRetry
  bool starved_ = false;      // the last accept ran out of file descriptors
  bool told_ = false;         // ...and the log said so
};

}  // namespace attest::lab
