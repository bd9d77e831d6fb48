// The one thin wrapper over libssh2. It owns the session and channel handles,
// runs libssh2 in non-blocking mode and drives every call with a loop: call,
// on EAGAIN poll() the socket in the direction libssh2 is blocked on, give up
// at the Timer's deadline. Failures become Errors naming the libssh2 call and
// its decoded message (libssh2_session_last_error).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "attest/core/evidence.hpp"
#include "attest/ssh/algorithms.hpp"
#include "attest/ssh/kexinit.hpp"
#include "attest/ssh/socket.hpp"

struct _LIBSSH2_SESSION;
struct _LIBSSH2_CHANNEL;

namespace attest::ssh {

struct RawHostKey {
  std::string blob;
  std::string type;         // "ssh-ed25519"...
  std::string fingerprint;  // "SHA256:..."
};

// The answer to an SSH "none" authentication request.
struct AuthMethods {
  bool authenticated = false;        // the server accepted "none"
  std::vector<std::string> methods;  // what it offers instead, in its order
  bool offers(std::string_view method) const;
  // password or keyboard-interactive: a password can be tried at all.
  bool offers_secret() const { return offers("password") || offers("keyboard-interactive"); }
  std::string joined() const;        // "password,publickey"
};

// How an authentication attempt ended. `rejected` means the server answered
// "no"; `partial` that it answered "right, now another factor" (RFC 4252
// §5.1 partial success: the secret was right); `error` means no answer
// (drop, timeout, local failure).
enum class AuthResult { accepted, rejected, partial, expired, error };
struct AuthOutcome {
  AuthResult result = AuthResult::error;
  Error error;                       // set unless accepted
  std::vector<std::string> methods;  // partial: what the server asks for next
};

// Algorithms attest must not offer, per class: no credential crosses a
// channel the posture policy forbids. libssh2's own order is kept.
struct AlgorithmPrefs {
  std::vector<std::string> forbidden_kex, forbidden_host_key, forbidden_ciphers, forbidden_macs;
};

// What this libssh2 supports, per class, in its own order of preference.
const ClientAlgorithms& supported_algorithms();
// What attest offers a device: the supported ones less what `prefs` forbids.
ClientAlgorithms offered_algorithms(const AlgorithmPrefs& prefs);

// libssh2_init, once per process (thread-safe); every entry point that makes
// a libssh2 session calls it first.
[[nodiscard]] Status init_libssh2();

class Session;
struct SessionContext;  // per-session state reached from libssh2 callbacks

// One channel ("session" type). Destroying it frees the handle; a graceful
// close goes through close().
class Channel {
 public:
  struct Deleter {
    void operator()(_LIBSSH2_CHANNEL* channel) const;
  };

  // What one non-blocking drain returned.
  struct Drained {
    std::size_t out = 0;  // bytes appended to stdout
    std::size_t err = 0;  // bytes appended to stderr
    bool eof = false;     // the peer sent EOF and nothing is buffered
  };

  Channel(Session& session, _LIBSSH2_CHANNEL* raw) : session_(&session), raw_(raw) {}

  [[nodiscard]] Status exec(const std::string& command, const Timer& timer);
  [[nodiscard]] Status request_pty(const std::string& term, int width, int height, const Timer& timer);
  [[nodiscard]] Status shell(const Timer& timer);
  [[nodiscard]] Status write_all(std::string_view data, const Timer& timer);
  // Reads whatever is available now (never waits), stopping once `limit`
  // bytes have been taken in total across both streams.
  [[nodiscard]] Result<Drained> drain(std::string& out, std::string& err, std::size_t limit,
                                      const Deadline& deadline);
  // Waits for more input, at most `cap`; false when the deadline passed.
  bool wait_readable(const Timer& timer, Millis cap);
  // EOF, close and (when asked) wait for the peer's close, which carries
  // the exit status: each bounded by `timer`. A command that timed out or
  // flooded would not close soon, so its caller does not wait.
  void close(const Timer& timer, bool wait_for_peer = true);
  // The exit status, once the peer sent it (0 when it never did).
  int exit_status() const;
  // The signal that killed the command ("KILL"), or "".
  std::string exit_signal() const;

 private:
  Session* session_;
  std::unique_ptr<_LIBSSH2_CHANNEL, Deleter> raw_;
};

// One SSH connection: TCP socket + libssh2 session after the handshake.
// Channels keep a pointer to their Session: do not move a Session while a
// Channel of it is alive.
class Session {
 public:
  struct Deleter {
    void operator()(_LIBSSH2_SESSION* session) const;
  };

  // TCP connect + SSH handshake, all within `timer`, offering only what
  // `prefs` allows. Whatever the handshake's outcome, `server_hello` (when
  // given) receives what the server sent first, parsed: identification
  // string and KEXINIT. More than kMaxPreBannerBytes / kMaxPreBannerLines
  // before the identification string cuts the connection.
  [[nodiscard]] static Result<Session> open(const std::string& address, std::uint16_t port, const Timer& timer,
                                            const AlgorithmPrefs& prefs = {},
                                            ServerHelloParser* server_hello = nullptr);

  Session(Session&&) noexcept;
  Session& operator=(Session&&) noexcept;
  ~Session();

  [[nodiscard]] Result<RawHostKey> host_key() const;
  // Sends "none" for `user`; libssh2_userauth_list returns NULL when it was
  // accepted. One authentication request.
  [[nodiscard]] Result<AuthMethods> query_methods(const std::string& user, const Timer& timer);
  AuthOutcome auth_password(const std::string& user, const std::string& password, const Timer& timer);
  // Answers every prompt with `password`.
  AuthOutcome auth_keyboard_interactive(const std::string& user, const std::string& password, const Timer& timer);
  // The public key is derived from the private key file.
  AuthOutcome auth_publickey_file(const std::string& user, const std::string& private_key,
                                  const std::string& passphrase, const Timer& timer);
  bool authenticated() const;
  // What the key exchange settled on.
  NegotiatedAlgorithms negotiated() const;

  [[nodiscard]] Result<Channel> open_channel(const Timer& timer);
  // Polite goodbye, bounded by `timer`; the destructor frees regardless.
  void disconnect(const Timer& timer);

  // For the drive loops of Session and Channel.
  _LIBSSH2_SESSION* raw() const { return raw_.get(); }
  // The deadline of the libssh2 call about to run: past it, every read from
  // the socket says "would block", so no libssh2 loop can outlive it, whatever
  // the server keeps sending.
  void arm(const Deadline& deadline) const;
  // Polls in the direction libssh2 last blocked on; false at the deadline.
  bool wait(const Timer& timer, Millis cap) const;
  // "<call> failed: <decoded libssh2 error> (rc)".
  Error error(const char* call, int rc, ErrorKind kind = ErrorKind::protocol) const;
  // The one drive loop under every libssh2 call: runs `call` until it stops
  // returning EAGAIN, waiting (wait()) in between. Returns its final rc;
  // kEagain when the timer ran out, kWaitFailed when waiting failed.
  template <typename Call>
  long drive_rc(const Timer& timer, Call&& call) const;
  // drive_rc, with a failure turned into an Error about `what`.
  template <typename Call>
  [[nodiscard]] Result<long> drive(const char* what, const Timer& timer, Call&& call) const;
  Result<long> outcome(const char* what, const Timer& timer, long rc) const;

 private:
  Session(Socket socket, std::unique_ptr<SessionContext> context, _LIBSSH2_SESSION* raw);
  AuthOutcome finish_auth(const char* call, long rc) const;
  template <typename Call>
  AuthOutcome secret_auth(const char* call, const char* what, const Timer& timer, Call&& call_once);

  Socket socket_;
  std::unique_ptr<SessionContext> context_;  // stable address: libssh2 holds it
  std::unique_ptr<_LIBSSH2_SESSION, Deleter> raw_;
};

// EAGAIN as libssh2 spells it, for the templates below, and drive_rc's
// "the wait itself failed" (LIBSSH2_ERROR_SOCKET_NONE).
inline constexpr long kEagain = -37;
inline constexpr long kWaitFailed = -1;

template <typename Call>
long Session::drive_rc(const Timer& timer, Call&& call) const {
  arm(timer.deadline);
  for (;;) {
    const long rc = static_cast<long>(call());
    if (rc != kEagain || timer.expired()) return rc;
    if (!wait(timer, Millis(1000))) return kWaitFailed;
  }
}

template <typename Call>
Result<long> Session::drive(const char* what, const Timer& timer, Call&& call) const {
  return outcome(what, timer, drive_rc(timer, call));
}

}  // namespace attest::ssh
