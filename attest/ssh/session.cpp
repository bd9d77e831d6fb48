#include "attest/ssh/session.hpp"

#include <libssh2.h>
#include <openssl/crypto.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "attest/ssh/host_key.hpp"
#include "attest/ssh/userauth_failure.hpp"
#include "attest/util/digest.hpp"

namespace attest::ssh {

static_assert(kEagain == LIBSSH2_ERROR_EAGAIN);
static_assert(kWaitFailed == LIBSSH2_ERROR_SOCKET_NONE);

// What libssh2 callbacks need from us; reached through the session abstract.
struct SessionContext {
  std::string kbdint_answer;
  // The deadline of the libssh2 call in progress (Session::arm).
  Deadline deadline{Millis(0)};
  // The server's first bytes as they arrive (banner, KEXINIT), and why the
  // recv guard cut the connection, else "".
  ServerHelloParser hello;
  std::string cut_reason;
  // While a password or keyboard-interactive request is out: the server's
  // USERAUTH_FAILURE, seen as libssh2 frees it (libssh2 keeps no partial
  // success flag of its own).
  bool watch_failure = false;
  std::optional<UserauthFailure> failure;
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

// The session's allocator: malloc with a size header, so that a freed block
// can be wiped (request buffers hold passwords) and, while an authentication
// request is out, read for the server's USERAUTH_FAILURE before it goes.
constexpr std::size_t kHeader = 16;  // keeps max_align_t alignment

void* session_alloc(std::size_t count, void** /*abstract*/) {
  auto* block = static_cast<unsigned char*>(std::malloc(count + kHeader));
  if (block == nullptr) return nullptr;
  std::memcpy(block, &count, sizeof count);
  return block + kHeader;
}

void session_free(void* ptr, void** abstract) {
  if (ptr == nullptr) return;
  auto* data = static_cast<unsigned char*>(ptr);
  std::size_t size = 0;
  std::memcpy(&size, data - kHeader, sizeof size);
  auto* context = abstract != nullptr ? static_cast<SessionContext*>(*abstract) : nullptr;
  if (context != nullptr && context->watch_failure) {
    if (auto failure = parse_userauth_failure(data, size)) context->failure = std::move(failure);
  }
  OPENSSL_cleanse(data, size);
  std::free(data - kHeader);
}

void* session_realloc(void* ptr, std::size_t count, void** abstract) {
  void* fresh = session_alloc(count, abstract);
  if (fresh == nullptr || ptr == nullptr) return fresh;
  std::size_t old = 0;
  std::memcpy(&old, static_cast<unsigned char*>(ptr) - kHeader, sizeof old);
  std::memcpy(fresh, ptr, std::min(old, count));
  session_free(ptr, abstract);
  return fresh;
}

// libssh2's reads from the socket. libssh2 1.10 reads pre-banner lines in
// one call for as long as they come; this is what ends such a call: past the
// deadline every read would block, and a guard cuts endless text.
ssize_t recv_guarded(libssh2_socket_t fd, void* buffer, std::size_t length, int flags, void** abstract) {
  auto& c = *static_cast<SessionContext*>(*abstract);
  if (!c.cut_reason.empty()) return -ECONNABORTED;
  if (c.deadline.expired()) return -EAGAIN;
  const ssize_t n = ::recv(fd, buffer, length, flags);
  if (n < 0) return -errno;
  if (c.hello.state() != HelloState::need_more) return n;
  // Pre-banner text beyond the caps (or SSH-1 only) ends the connection;
  // a KEXINIT attest cannot read is left to libssh2 and reported.
  const HelloState state = c.hello.feed(std::string_view(static_cast<const char*>(buffer), static_cast<std::size_t>(n)));
  if (state != HelloState::need_more && state != HelloState::complete && c.hello.hello().banner.empty()) {
    c.cut_reason = c.hello.reason();
    return -ECONNABORTED;
  }
  return n;
}

void install_recv_guard(LIBSSH2_SESSION* raw) {
#if LIBSSH2_VERSION_NUM >= 0x010b00
  libssh2_session_callback_set2(raw, LIBSSH2_CALLBACK_RECV, reinterpret_cast<libssh2_cb_generic*>(&recv_guarded));
#else
  libssh2_session_callback_set(raw, LIBSSH2_CALLBACK_RECV, reinterpret_cast<void*>(&recv_guarded));
#endif
}

std::vector<std::string> split_names(const char* list) {
  std::vector<std::string> out;
  std::string_view rest(list != nullptr ? list : "");
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    if (comma != 0) out.emplace_back(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
  }
  return out;
}

std::vector<std::string> supported(LIBSSH2_SESSION* raw, int method) {
  const char** algs = nullptr;
  const int n = libssh2_session_supported_algs(raw, method, &algs);
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.emplace_back(algs[i]);
  if (algs != nullptr) libssh2_free(raw, static_cast<void*>(algs));
  return out;
}

Status set_methods(LIBSSH2_SESSION* raw, std::initializer_list<int> methods, const char* name,
                   const std::vector<std::string>& allowed) {
  if (allowed.empty()) {
    return make_error(ErrorKind::input,
                      "the posture policy forbids every " + std::string(name) + " algorithm this libssh2 supports");
  }
  const std::string list = join_name_list(allowed);
  for (int method : methods) {
    if (libssh2_session_method_pref(raw, method, list.c_str()) != 0) {
      return make_error(ErrorKind::internal, std::string("libssh2_session_method_pref (") + name + ") failed");
    }
  }
  return ok_status();
}

// Offers only what the posture policy allows, for both directions of a
// class; a class the policy says nothing about keeps libssh2's defaults.
Status apply_prefs(LIBSSH2_SESSION* raw, const AlgorithmPrefs& prefs) {
  const ClientAlgorithms offer = offered_algorithms(prefs);
  const struct {
    std::initializer_list<int> methods;
    const char* name;
    const std::vector<std::string>& forbidden;
    const std::vector<std::string>& allowed;
  } classes[] = {
      {{LIBSSH2_METHOD_KEX}, "key exchange", prefs.forbidden_kex, offer.kex},
      {{LIBSSH2_METHOD_HOSTKEY}, "host key", prefs.forbidden_host_key, offer.host_key},
      {{LIBSSH2_METHOD_CRYPT_CS, LIBSSH2_METHOD_CRYPT_SC}, "cipher", prefs.forbidden_ciphers, offer.ciphers},
      {{LIBSSH2_METHOD_MAC_CS, LIBSSH2_METHOD_MAC_SC}, "MAC", prefs.forbidden_macs, offer.macs},
  };
  for (const auto& c : classes) {
    if (c.forbidden.empty()) continue;
    if (auto st = set_methods(raw, c.methods, c.name, c.allowed); !st) return st;
  }
  return ok_status();
}

// Answers every keyboard-interactive prompt with the password. libssh2 frees
// each response with the session's allocator.
void answer_prompts(const char* /*name*/, int /*name_len*/, const char* /*instruction*/, int /*instruction_len*/,
                    int num_prompts, const LIBSSH2_USERAUTH_KBDINT_PROMPT* /*prompts*/,
                    LIBSSH2_USERAUTH_KBDINT_RESPONSE* responses, void** abstract) {
  const auto* context = static_cast<const SessionContext*>(*abstract);
  const std::string& answer = context->kbdint_answer;
  for (int i = 0; i < num_prompts; ++i) {
    auto& response = responses[i];
    response.text = static_cast<char*>(session_alloc(answer.size() + 1, abstract));
    response.length = 0;
    if (response.text == nullptr) continue;
    std::memcpy(response.text, answer.c_str(), answer.size() + 1);
    response.length = static_cast<unsigned int>(answer.size());
  }
}

bool is_rejection(long rc) {
  return rc == LIBSSH2_ERROR_AUTHENTICATION_FAILED || rc == LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED;
}

// A libssh2 call that returns a pointer, as drive_rc wants it: 0 once the
// pointer came, else libssh2's errno (EAGAIN while it is not there yet).
long errno_unless(const void* got, LIBSSH2_SESSION* raw) {
  if (got != nullptr) return 0;
  const int e = libssh2_session_last_errno(raw);
  return e != 0 ? e : LIBSSH2_ERROR_PROTO;
}

}  // namespace

Status init_libssh2() { return init_library(); }

const ClientAlgorithms& supported_algorithms() {
  static const ClientAlgorithms algorithms = [] {
    ClientAlgorithms out;
    if (!init_library()) return out;
    LIBSSH2_SESSION* raw = libssh2_session_init_ex(&session_alloc, &session_free, &session_realloc, nullptr);
    if (raw == nullptr) return out;
    out = {supported(raw, LIBSSH2_METHOD_KEX), supported(raw, LIBSSH2_METHOD_HOSTKEY),
           supported(raw, LIBSSH2_METHOD_CRYPT_CS), supported(raw, LIBSSH2_METHOD_MAC_CS)};
    libssh2_session_free(raw);
    return out;
  }();
  return algorithms;
}

ClientAlgorithms offered_algorithms(const AlgorithmPrefs& prefs) {
  const ClientAlgorithms& all = supported_algorithms();
  return {allowed_client_algorithms(all.kex, prefs.forbidden_kex),
          allowed_client_algorithms(all.host_key, prefs.forbidden_host_key),
          allowed_client_algorithms(all.ciphers, prefs.forbidden_ciphers),
          allowed_client_algorithms(all.macs, prefs.forbidden_macs)};
}

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
    // Nothing more is read: a read now fails at once (never "would block",
    // which would keep libssh2_session_free from finishing).
    context_->cut_reason = "closing";
    socket_.shutdown_both();
    raw_.reset();
  }
}

Result<Session> Session::open(const std::string& address, std::uint16_t port, const Timer& timer,
                              const AlgorithmPrefs& prefs, ServerHelloParser* server_hello) {
  if (auto init = init_library(); !init) return init.error();
  auto socket = connect_tcp(address, port, timer);
  if (!socket) return socket.error();
  auto context = std::make_unique<SessionContext>();
  SessionContext& ctx = *context;
  LIBSSH2_SESSION* raw = libssh2_session_init_ex(&session_alloc, &session_free, &session_realloc, context.get());
  if (raw == nullptr) return make_error(ErrorKind::internal, "libssh2_session_init_ex failed");
  const int fd = socket->fd();
  Session session(std::move(socket).value(), std::move(context), raw);
  libssh2_session_set_blocking(raw, 0);
  install_recv_guard(raw);
  if (auto st = apply_prefs(raw, prefs); !st) return st.error();
  const std::string what = "SSH handshake with " + address + ":" + std::to_string(port);
  auto rc = session.drive(what.c_str(), timer, [&] { return libssh2_session_handshake(raw, fd); });
  if (server_hello != nullptr) *server_hello = ctx.hello;
  if (!ctx.cut_reason.empty()) return make_error(ErrorKind::protocol, what + ": " + ctx.cut_reason);
  if (!rc) return rc.error();
  return session;
}

void Session::arm(const Deadline& deadline) const { context_->deadline = deadline; }

NegotiatedAlgorithms Session::negotiated() const {
  const auto method = [&](int m) {
    const char* name = libssh2_session_methods(raw(), m);
    return std::string(name != nullptr ? name : "");
  };
  return {method(LIBSSH2_METHOD_KEX),     method(LIBSSH2_METHOD_HOSTKEY), method(LIBSSH2_METHOD_CRYPT_CS),
          method(LIBSSH2_METHOD_CRYPT_SC), method(LIBSSH2_METHOD_MAC_CS),  method(LIBSSH2_METHOD_MAC_SC),
          method(LIBSSH2_METHOD_COMP_CS),  method(LIBSSH2_METHOD_COMP_SC)};
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
  const char* list = nullptr;
  bool accepted = false;
  const long rc = drive_rc(timer, [&] {
    list = libssh2_userauth_list(raw(), user.c_str(), static_cast<unsigned int>(user.size()));
    // NULL is also how libssh2 says "none" authentication succeeded.
    accepted = list == nullptr && authenticated();
    return accepted ? 0L : errno_unless(list, raw());
  });
  if (list != nullptr) return AuthMethods{false, split_names(list)};
  if (accepted) return AuthMethods{true, {}};
  auto failed = outcome("authentication method query (\"none\")", timer, rc);
  return failed.error();
}

AuthOutcome Session::finish_auth(const char* call, long rc) const {
  if (rc == 0) return AuthOutcome{AuthResult::accepted, {}, {}};
  if (rc == LIBSSH2_ERROR_PASSWORD_EXPIRED) {
    return AuthOutcome{AuthResult::expired, error(call, static_cast<int>(rc), ErrorKind::auth), {}};
  }
  if (is_rejection(rc)) {
    return AuthOutcome{AuthResult::rejected, error(call, static_cast<int>(rc), ErrorKind::auth), {}};
  }
  if (rc == LIBSSH2_ERROR_FILE) {
    return AuthOutcome{AuthResult::error, error(call, static_cast<int>(rc), ErrorKind::io), {}};
  }
  return AuthOutcome{AuthResult::error, error(call, static_cast<int>(rc)), {}};
}

// A password or keyboard-interactive request, with the server's answer read
// for partial success: a rejection that says "partial" means the secret was
// right.
template <typename Call>
AuthOutcome Session::secret_auth(const char* call, const char* what, const Timer& timer, Call&& call_once) {
  context_->failure.reset();
  context_->watch_failure = true;
  const long rc = drive_rc(timer, call_once);
  context_->watch_failure = false;
  if (rc == LIBSSH2_ERROR_EAGAIN) return AuthOutcome{AuthResult::error, timer.timeout(what), {}};
  AuthOutcome outcome = finish_auth(call, rc);
  if (outcome.result == AuthResult::rejected && context_->failure && context_->failure->partial_success) {
    outcome.result = AuthResult::partial;
    outcome.methods = context_->failure->methods;
  }
  context_->failure.reset();
  return outcome;
}

AuthOutcome Session::auth_password(const std::string& user, const std::string& password, const Timer& timer) {
  return secret_auth("libssh2_userauth_password_ex", "password authentication", timer, [&] {
    return libssh2_userauth_password_ex(raw(), user.c_str(), static_cast<unsigned int>(user.size()),
                                        password.c_str(), static_cast<unsigned int>(password.size()), nullptr);
  });
}

AuthOutcome Session::auth_keyboard_interactive(const std::string& user, const std::string& password,
                                               const Timer& timer) {
  context_->kbdint_answer = password;
  AuthOutcome outcome = secret_auth("libssh2_userauth_keyboard_interactive_ex", "keyboard-interactive authentication",
                                    timer, [&] {
                                      return libssh2_userauth_keyboard_interactive_ex(
                                          raw(), user.c_str(), static_cast<unsigned int>(user.size()), &answer_prompts);
                                    });
  // Do not keep the secret around longer than the attempt.
  OPENSSL_cleanse(context_->kbdint_answer.data(), context_->kbdint_answer.size());
  context_->kbdint_answer.clear();
  return outcome;
}

AuthOutcome Session::auth_publickey_file(const std::string& user, const std::string& private_key,
                                         const std::string& passphrase, const Timer& timer) {
  const long rc = drive_rc(timer, [&] {
    return libssh2_userauth_publickey_fromfile_ex(raw(), user.c_str(), static_cast<unsigned int>(user.size()),
                                                  nullptr, private_key.c_str(), passphrase.c_str());
  });
  if (rc == LIBSSH2_ERROR_EAGAIN) return AuthOutcome{AuthResult::error, timer.timeout("publickey authentication"), {}};
  return finish_auth("libssh2_userauth_publickey_fromfile_ex", rc);
}

bool Session::authenticated() const { return libssh2_userauth_authenticated(raw()) != 0; }

Result<Channel> Session::open_channel(const Timer& timer) {
  LIBSSH2_CHANNEL* channel = nullptr;
  auto rc = drive("opening a channel", timer, [&] {
    channel = libssh2_channel_open_ex(raw(), "session", sizeof "session" - 1, LIBSSH2_CHANNEL_WINDOW_DEFAULT,
                                      LIBSSH2_CHANNEL_PACKET_DEFAULT, nullptr, 0);
    return errno_unless(channel, raw());
  });
  if (!rc) return rc.error();
  return Channel(*this, channel);
}

void Session::disconnect(const Timer& timer) {
  if (!raw_) return;
  (void)drive("libssh2_session_disconnect_ex", timer, [&] {
    return libssh2_session_disconnect_ex(raw(), SSH_DISCONNECT_BY_APPLICATION, "attest: done", "");
  });
}

Result<long> Session::outcome(const char* what, const Timer& timer, long rc) const {
  if (rc == kEagain) return timer.timeout(what);
  if (rc == kWaitFailed) return make_error(ErrorKind::io, std::string(what) + ": waiting on the socket failed");
  if (rc < 0) return error(what, static_cast<int>(rc));
  return rc;
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
