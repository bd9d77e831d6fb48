#include "ssh2_client.hpp"

#include <arpa/inet.h>
#include <libssh2.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>

#include "attest/util/digest.hpp"

namespace labtest {

struct Ssh2Client::Impl {
  LIBSSH2_SESSION* session = nullptr;
};

Ssh2Client::Ssh2Client() : s_(new Impl) { libssh2_init(0); }

Ssh2Client::~Ssh2Client() {
  if (s_->session != nullptr) {
    libssh2_session_disconnect(s_->session, "bye");
    libssh2_session_free(s_->session);
  }
  delete s_;
  if (fd_ >= 0) ::close(fd_);
}

bool Ssh2Client::connect(const std::string& address, std::uint16_t port, long timeout_ms, bool no_delay) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  ::inet_pton(AF_INET, address.c_str(), &a.sin_addr);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return false;
  if (no_delay) {
    const int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  s_->session = libssh2_session_init();
  libssh2_session_set_blocking(s_->session, 1);
  libssh2_session_set_timeout(s_->session, timeout_ms);
  return libssh2_session_handshake(s_->session, fd_) == 0;
}

std::string Ssh2Client::host_key_fingerprint() {
  std::size_t len = 0;
  int type = 0;
  const char* key = libssh2_session_hostkey(s_->session, &len, &type);
  if (key == nullptr) return {};
  return attest::openssh_fingerprint(std::string_view(key, len));
}

bool Ssh2Client::try_none(const std::string& user) {
  const char* methods = libssh2_userauth_list(s_->session, user.c_str(), static_cast<unsigned>(user.size()));
  return methods == nullptr && libssh2_userauth_authenticated(s_->session) != 0;
}

bool Ssh2Client::try_password(const std::string& user, const std::string& password) {
  return libssh2_userauth_password(s_->session, user.c_str(), password.c_str()) == 0;
}

namespace {

thread_local std::string kbdint_answer;

void answer_prompts(const char*, int, const char*, int, int num_prompts, const LIBSSH2_USERAUTH_KBDINT_PROMPT*,
                    LIBSSH2_USERAUTH_KBDINT_RESPONSE* responses, void**) {
  for (int i = 0; i < num_prompts; ++i) {
    // libssh2 frees the responses with its allocator (malloc by default).
    responses[i].text = static_cast<char*>(std::malloc(kbdint_answer.size() + 1));
    std::memcpy(responses[i].text, kbdint_answer.c_str(), kbdint_answer.size() + 1);
    responses[i].length = static_cast<unsigned int>(kbdint_answer.size());
  }
}

}  // namespace

bool Ssh2Client::try_keyboard_interactive(const std::string& user, const std::string& password) {
  kbdint_answer = password;
  return libssh2_userauth_keyboard_interactive(s_->session, user.c_str(), answer_prompts) == 0;
}

bool Ssh2Client::authenticated() { return libssh2_userauth_authenticated(s_->session) != 0; }

namespace {

void read_all(LIBSSH2_CHANNEL* ch, ExecOutput& r, std::size_t max_bytes) {
  char buf[16384];
  for (;;) {
    const auto n = libssh2_channel_read(ch, buf, sizeof buf);
    if (n > 0) {
      r.out.append(buf, static_cast<std::size_t>(n));
      if (r.out.size() >= max_bytes) return;
      continue;
    }
    if (n < 0) return;
    const auto e = libssh2_channel_read_stderr(ch, buf, sizeof buf);
    if (e > 0) {
      r.err.append(buf, static_cast<std::size_t>(e));
      continue;
    }
    if (libssh2_channel_eof(ch) != 0) {
      r.ok = true;
      return;
    }
  }
}

}  // namespace

ExecOutput Ssh2Client::exec(const std::string& command, std::size_t max_bytes) {
  ExecOutput r;
  LIBSSH2_CHANNEL* ch = libssh2_channel_open_session(s_->session);
  if (ch == nullptr) return r;
  if (libssh2_channel_exec(ch, command.c_str()) != 0) {
    r.exec_refused = true;
    libssh2_channel_free(ch);
    return r;
  }
  read_all(ch, r, max_bytes);
  if (r.ok) {
    libssh2_channel_close(ch);
    libssh2_channel_wait_closed(ch);
    r.exit_status = libssh2_channel_get_exit_status(ch);
  }
  libssh2_channel_free(ch);
  return r;
}

std::string Ssh2Client::shell(const std::string& input, const std::string& until) {
  LIBSSH2_CHANNEL* ch = libssh2_channel_open_session(s_->session);
  if (ch == nullptr) return {};
  std::string screen;
  if (libssh2_channel_request_pty(ch, "vt100") == 0 && libssh2_channel_shell(ch) == 0) {
    libssh2_channel_write(ch, input.data(), input.size());
    char buf[16384];
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (screen.find(until) == std::string::npos && std::chrono::steady_clock::now() < end) {
      const auto n = libssh2_channel_read(ch, buf, sizeof buf);
      if (n <= 0) break;
      screen.append(buf, static_cast<std::size_t>(n));
    }
  }
  libssh2_channel_free(ch);
  return screen;
}

}  // namespace labtest
