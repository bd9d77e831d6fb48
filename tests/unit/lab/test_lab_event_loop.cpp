#include <doctest/doctest.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "attest/lab/event_loop.hpp"

using namespace attest;
using namespace attest::lab;

namespace {

std::unique_ptr<EventLoop> make_loop() {
  auto loop = EventLoop::create();
  REQUIRE(loop.ok());
  return std::move(*loop);
}

struct Counter final : IoHandler {
  int fd;
  int calls = 0;
  explicit Counter(int f) : fd(f) {}
  void on_io(std::uint32_t) override {
    std::uint64_t n = 0;
    (void)!::read(fd, &n, sizeof n);
    ++calls;
  }
};

}  // namespace

TEST_CASE("timers run in time order, ties in the order they were set") {
  auto loop = make_loop();
  std::string order;
  const auto now = SteadyClock::now();
  loop->at(now + Millis(30), [&] { order += 'c'; });
  loop->at(now + Millis(10), [&] { order += 'a'; });
  loop->at(now + Millis(10), [&] { order += 'b'; });
  loop->at(now + Millis(40), [&] { loop->stop(); });
  loop->run();
  CHECK(order == "abc");
}

TEST_CASE("a timer that keeps setting timers for now cannot keep the loop from polling") {
  auto loop = make_loop();
  const int fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  Counter counter(fd);
  REQUIRE(loop->add(fd, EPOLLIN, counter).ok());
  int rounds = 0;
  std::function<void()> again = [&] {
    if (++rounds == 3) {
      const std::uint64_t one = 1;
      (void)!::write(fd, &one, sizeof one);
    }
    if (counter.calls > 0 || rounds > 1000) return loop->stop();  // polled, or never would
    loop->after(Millis(0), again);
  };
  loop->after(Millis(0), again);
  loop->run();
  CHECK(counter.calls == 1);
  CHECK(rounds < 10);
  loop->remove(fd, counter);
  ::close(fd);
}

TEST_CASE("work posted from another thread runs on the loop, and stop from another thread ends it") {
  auto loop = make_loop();
  std::thread::id ran_on;
  std::thread other([&] {
    loop->post([&] { ran_on = std::this_thread::get_id(); });
    std::this_thread::sleep_for(Millis(20));
    loop->stop();
  });
  loop->run();
  other.join();
  CHECK(ran_on == std::this_thread::get_id());
}

TEST_CASE("an fd removed by one handler is not reported to it again, nor to another handler") {
  auto loop = make_loop();
  const int fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  Counter first(fd), second(fd);
  REQUIRE(loop->add(fd, EPOLLIN, first).ok());
  loop->remove(fd, second);  // not its owner: no effect
  const std::uint64_t one = 1;
  (void)!::write(fd, &one, sizeof one);
  loop->after(Millis(20), [&] {
    loop->remove(fd, first);
    (void)!::write(fd, &one, sizeof one);
    loop->after(Millis(20), [&] { loop->stop(); });
  });
  loop->run();
  CHECK(first.calls == 1);
  CHECK(second.calls == 0);
  ::close(fd);
}
