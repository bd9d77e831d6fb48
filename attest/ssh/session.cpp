#include "attest/ssh/session.hpp"

#include <libssh2.h>
#include <poll.h>

#include <cstdlib>
#include <cstring>
#include <mutex>

#include "attest/ssh/host_key.hpp"
#include "attest/util/digest.hpp"

namespace attest::ssh {

static_assert(kEagain == LIBSSH2_ERROR_EAGAIN);

// What libssh2 callbacks need from us; reached through the session abstract.
struct SessionContext {
  std::string kbdint_answer;
};

namespace {

// libssh2_init is not thread-safe and must run once per process.
Status init_library() {
  static std::once_flag once;
  static int rc = 0;
  std::call_once(once, [] { rc = libssh2_init(0); });
  if (rc != 0) return make_error(ErrorKind::internal, "libssh2_init failed (" + std::to_string(rc) + ")");
  return ok_status();
}

// Answers every keyboard-interactive prompt with the password. libssh2 frees
// each response with the session's allocator, which is malloc/free here.
void answer_prompts(const char* /*name*/, int /*name_len*/, const char* /*instruction*/, int /*instruction_len*/,
                    int num_prompts, const LIBSSH2_USERAUTH_KBDINT_PROMPT* /*prompts*/,
                    LIBSSH2_USERAUTH_KBDINT_RESPONSE* responses, void** abstract) {
  const auto* context = static_cast<const SessionContext*>(*abstract);
  const std::string& answer = context->kbdint_answer;
  for (int i = 0; i < num_prompts; ++i) {
    auto& response = responses[i];
    response.text = static_cast<char*>(std::malloc(answer.size() + 1));
    response.length = 0;
    if (response.text == nullptr) continue;
    std::memcpy(response.text, answer.c_str(), answer.size() + 1);
    response.length = static_cast<unsigned int>(answer.size());
  }
}

bool is_rejection(long rc) {
  return rc == LIBSSH2_ERROR_AUTHENTICATION_FAILED || rc == LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED;
}

// Loops a libssh2 auth call until it stops saying EAGAIN; returns the final
// rc, or EAGAIN when the timer ran out.
template <typename Call>
long auth_loop(const Session& session, const Timer& timer, Call&& call) {
  for (;;) {
    const long rc = call();
    if (rc != LIBSSH2_ERROR_EAGAIN || timer.expired()) return rc;
    if (!session.wait(timer, Millis(1000))) return LIBSSH2_ERROR_SOCKET_NONE;
  }
}

}  // namespace

bool AuthMethods::offers(std::string_view method) const {
  for (const auto& m : methods) {
    if (m == method) return true;
  }
  return false;
}

std::string AuthMethods::joined() const {
  std::string out;
  for (const auto& m : methods) out += (out.empty() ? "" : ",") + m;
  return out;
}

void Session::Deleter::operator()(LIBSSH2_SESSION* session) const {
  // With the socket shut down, nothing in libssh2_session_free can block for
  // long; the bounded loop is belt and braces.
  for (int i = 0; i < 16 && libssh2_session_free(session) == LIBSSH2_ERROR_EAGAIN; ++i) {
  }
}

Session::Session(Socket socket, std::unique_ptr<SessionContext> context, LIBSSH2_SESSION* raw)
    : socket_(std::move(socket)), context_(std::move(context)), raw_(raw) {}

Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;

Session::~Session() {
  if (raw_) {
    socket_.shutdown_both();
    raw_.reset();
  }
}

Result<Session> Session::open(const std::string& address, std::uint16_t port, const Timer& timer) {
  if (auto init = init_library(); !init) return init.error();
  auto socket = connect_tcp(address, port, timer);
  if (!socket) return socket.error();
  auto context = std::make_unique<SessionContext>();
  LIBSSH2_SESSION* raw = libssh2_session_init_ex(nullptr, nullptr, nullptr, context.get());
  if (raw == nullptr) return make_error(ErrorKind::internal, "libssh2_session_init_ex failed");
  const int fd = socket->fd();
  Session session(std::move(socket).value(), std::move(context), raw);
  libssh2_session_set_blocking(raw, 0);
  const std::string what = "SSH handshake with " + address + ":" + std::to_string(port);
  auto rc = session.drive(what.c_str(), timer, [&] { return libssh2_session_handshake(raw, fd); });
  if (!rc) return rc.error();
  return session;
}

Result<RawHostKey> Session::host_key() const {
  std::size_t len = 0;
  int type = LIBSSH2_HOSTKEY_TYPE_UNKNOWN;
  const char* blob = libssh2_session_hostkey(raw(), &len, &type);
  if (blob == nullptr || len == 0) return error("libssh2_session_hostkey", 0);
  RawHostKey key;
  key.blob.assign(blob, len);
  key.type = key_type_from_blob(key.blob);
  if (key.type.empty()) key.type = key_type_from_libssh2(type);
  key.fingerprint = openssh_fingerprint(key.blob);
  return key;
}

Result<AuthMethods> Session::query_methods(const std::string& user, const Timer& timer) {
  for (;;) {
    const char* list = libssh2_userauth_list(raw(), user.c_str(), static_cast<unsigned int>(user.size()));
    if (list != nullptr) {
      AuthMethods methods;
      std::string_view rest(list);
      while (!rest.empty()) {
        const auto comma = rest.find(',');
        if (comma != 0) methods.methods.emplace_back(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
      }
      return methods;
    }
    // NULL is also how libssh2 says "none" authentication succeeded.
    if (authenticated()) return AuthMethods{true, {}};
    const int rc = libssh2_session_last_errno(raw());
    if (rc != LIBSSH2_ERROR_EAGAIN) return error("libssh2_userauth_list", rc);
    if (timer.expired()) return timer.timeout("authentication method query (\"none\")");
    if (!wait(timer, Millis(1000))) return make_error(ErrorKind::io, "poll() failed");
  }
}

AuthOutcome Session::finish_auth(const char* call, long rc) const {
  if (rc == 0) return AuthOutcome{AuthResult::accepted, {}};
  if (rc == LIBSSH2_ERROR_PASSWORD_EXPIRED) {
    return AuthOutcome{AuthResult::expired, error(call, static_cast<int>(rc), ErrorKind::auth)};
  }
  if (is_rejection(rc)) return AuthOutcome{AuthResult::rejected, error(call, static_cast<int>(rc), ErrorKind::auth)};
  if (rc == LIBSSH2_ERROR_FILE) return AuthOutcome{AuthResult::error, error(call, static_cast<int>(rc), ErrorKind::io)};
  return AuthOutcome{AuthResult::error, error(call, static_cast<int>(rc))};
}

AuthOutcome Session::auth_password(const std::string& user, const std::string& password, const Timer& timer) {
  const long rc = auth_loop(*this, timer, [&] {
    return libssh2_userauth_password_ex(raw(), user.c_str(), static_cast<unsigned int>(user.size()),
                                        password.c_str(), static_cast<unsigned int>(password.size()), nullptr);
  });
  if (rc == LIBSSH2_ERROR_EAGAIN) return AuthOutcome{AuthResult::error, timer.timeout("password authentication")};
  return finish_auth("libssh2_userauth_password_ex", rc);
}

AuthOutcome Session::auth_keyboard_interactive(const std::string& user, const std::string& password,
                                               const Timer& timer) {
  context_->kbdint_answer = password;
  const long rc = auth_loop(*this, timer, [&] {
    return libssh2_userauth_keyboard_interactive_ex(raw(), user.c_str(), static_cast<unsigned int>(user.size()),
                                                    &answer_prompts);
  });
  // Do not keep the secret around longer than the attempt.
  std::fill(context_->kbdint_answer.begin(), context_->kbdint_answer.end(), '\0');
  context_->kbdint_answer.clear();
  if (rc == LIBSSH2_ERROR_EAGAIN) {
    return AuthOutcome{AuthResult::error, timer.timeout("keyboard-interactive authentication")};
  }
  return finish_auth("libssh2_userauth_keyboard_interactive_ex", rc);
}

AuthOutcome Session::auth_publickey_file(const std::string& user, const std::string& private_key,
                                         const std::string& passphrase, const Timer& timer) {
  const long rc = auth_loop(*this, timer, [&] {
    return libssh2_userauth_publickey_fromfile_ex(raw(), user.c_str(), static_cast<unsigned int>(user.size()),
                                                  nullptr, private_key.c_str(), passphrase.c_str());
  });
  if (rc == LIBSSH2_ERROR_EAGAIN) return AuthOutcome{AuthResult::error, timer.timeout("publickey authentication")};
  return finish_auth("libssh2_userauth_publickey_fromfile_ex", rc);
}

bool Session::authenticated() const { return libssh2_userauth_authenticated(raw()) != 0; }

Result<Channel> Session::open_channel(const Timer& timer) {
  for (;;) {
    LIBSSH2_CHANNEL* channel = libssh2_channel_open_ex(raw(), "session", sizeof "session" - 1,
                                                       LIBSSH2_CHANNEL_WINDOW_DEFAULT,
                                                       LIBSSH2_CHANNEL_PACKET_DEFAULT, nullptr, 0);
    if (channel != nullptr) return Channel(*this, channel);
    const int rc = libssh2_session_last_errno(raw());
    if (rc != LIBSSH2_ERROR_EAGAIN) return error("libssh2_channel_open_ex", rc);
    if (timer.expired()) return timer.timeout("opening a channel");
    if (!wait(timer, Millis(1000))) return make_error(ErrorKind::io, "poll() failed");
  }
}

void Session::disconnect(const Timer& timer) {
  if (!raw_) return;
  (void)drive("libssh2_session_disconnect_ex", timer, [&] {
    return libssh2_session_disconnect_ex(raw(), SSH_DISCONNECT_BY_APPLICATION, "attest: done", "");
  });
}

bool Session::wait(const Timer& timer, Millis cap) const {
  const int dirs = libssh2_session_block_directions(raw());
  short events = 0;
  if (dirs & LIBSSH2_SESSION_BLOCK_INBOUND) events |= POLLIN;
  if (dirs & LIBSSH2_SESSION_BLOCK_OUTBOUND) events |= POLLOUT;
  if (events == 0) events = POLLIN;
  return wait_fd(socket_.fd(), events, timer.deadline, cap);
}

Error Session::error(const char* call, int rc, ErrorKind kind) const {
  char* message = nullptr;
  int len = 0;
  libssh2_session_last_error(raw(), &message, &len, 0);
  std::string text = std::string(call) + " failed";
  if (message != nullptr && len > 0) text += ": " + std::string(message, static_cast<std::size_t>(len));
  if (rc != 0) text += " (libssh2 error " + std::to_string(rc) + ")";
  return make_error(kind, std::move(text));
}

}  // namespace attest::ssh
