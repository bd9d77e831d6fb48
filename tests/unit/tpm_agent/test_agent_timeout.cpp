// A TPM that never answers: the agent gives up with ErrorKind::timeout.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "attest/tpm/agent/agent.hpp"

using namespace attest;
using namespace attest::tpm;

namespace {

// Listens on two consecutive loopback ports (swtpm's server + ctrl), accepts
// every connection and never writes a byte. Closing on destruction unblocks
// the agent worker that was abandoned on timeout.
class SilentListener {
 public:
  SilentListener() {
    for (int base = 41000 + static_cast<int>(::getpid() % 4000) * 2; fds_.size() < 2; base += 2) {
      close_all();
      if (listen_on(base) && listen_on(base + 1)) port_ = base;
    }
    thread_ = std::thread([this] { serve(); });
  }
  ~SilentListener() {
    stop_ = true;
    thread_.join();
    close_all();
  }
  int port() const { return port_; }

 private:
  bool listen_on(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd, 8) != 0) {
      ::close(fd);
      return false;
    }
    fds_.push_back(fd);
    return true;
  }
  void serve() {
    while (!stop_) {
      pollfd p[2] = {{fds_[0], POLLIN, 0}, {fds_[1], POLLIN, 0}};
      if (::poll(p, 2, 50) <= 0) continue;
      for (auto& one : p)
        if (one.revents & POLLIN) accepted_.push_back(::accept(one.fd, nullptr, nullptr));
    }
  }
  void close_all() {
    for (int fd : fds_) ::close(fd);
    for (int fd : accepted_) ::close(fd);
    fds_.clear();
    accepted_.clear();
  }
  std::vector<int> fds_, accepted_;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace

TEST_CASE("an agent pointed at a port that accepts and never answers times out within --timeout-ms") {
  SilentListener silent;
  for (const char* kind : {"swtpm", "mssim"}) {
    CAPTURE(kind);
    AgentOptions options{std::string(kind) + ":host=127.0.0.1,port=" + std::to_string(silent.port()),
                         std::chrono::milliseconds(400)};
    const auto start = std::chrono::steady_clock::now();
    auto ak = read_ak(options, AkAlg::ecc);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    REQUIRE_FALSE(ak.ok());
    CHECK(ak.error().kind == ErrorKind::timeout);
    CHECK(ak.error().message.find("400 ms") != std::string::npos);
    CHECK(elapsed >= std::chrono::milliseconds(400));
    CHECK(elapsed < std::chrono::milliseconds(400 + 300));
  }
}

TEST_CASE("nothing listening is refused at once, not a timeout") {
  AgentOptions options{"swtpm:host=127.0.0.1,port=1", std::chrono::milliseconds(5000)};
  const auto start = std::chrono::steady_clock::now();
  auto ak = read_ak(options, AkAlg::ecc);
  REQUIRE_FALSE(ak.ok());
  CHECK(ak.error().kind == ErrorKind::refused);
  CHECK(ak.error().message.find("Tss2_TctiLdr_Initialize") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}
