// Authentication with libssh's message API, one request at a time (see
// handle_auth in connection.hpp).
#include "attest/lab/connection.hpp"
#include "attest/lab/hub.hpp"

namespace attest::lab {
namespace {

constexpr int kAdvertised = SSH_AUTH_METHOD_PASSWORD | SSH_AUTH_METHOD_PUBLICKEY | SSH_AUTH_METHOD_INTERACTIVE;

enum class Outcome { accept, reject, replied };

struct Step {
  Outcome outcome = Outcome::reject;
  bool attempt = false;  // counts in auth_attempts
  bool failure = false;  // counts toward max_auth_per_connection
};

bool none_allowed(const DeviceSpec& d, const std::string& user) {
  for (const auto& a : d.accounts) {
    if (a.username == user && a.kind == AuthKind::none) return true;
  }
  return false;
}

bool password_ok(const DeviceSpec& d, const std::string& user, const char* password) {
  if (password == nullptr) return false;
  for (const auto& a : d.accounts) {
    if (a.username == user && a.kind == AuthKind::password && a.password == password) return true;
  }
  return false;
}

bool key_authorized(const Device& dev, const std::string& user, ssh_key key) {
  if (key == nullptr) return false;
  for (const auto& k : dev.keys) {
    if (k.username == user && ssh_key_cmp(k.key.get(), key, SSH_KEY_CMP_PUBLIC) == 0) return true;
  }
  return false;
}

Step decide(bool ok) { return {ok ? Outcome::accept : Outcome::reject, true, !ok}; }

Step publickey(Connection& c, ssh_message msg, const std::string& user) {
  const bool authorized = key_authorized(c.dev, user, ssh_message_auth_pubkey(msg));
  switch (ssh_message_auth_publickey_state(msg)) {
    case SSH_PUBLICKEY_STATE_NONE:  // probe: "would you accept this key?"
      if (!authorized) return {Outcome::reject, false, false};
      ssh_message_auth_reply_pk_ok_simple(msg);
      return {Outcome::replied, false, false};
    case SSH_PUBLICKEY_STATE_VALID:  // libssh verified the signature
      return decide(authorized);
    default:  // bad signature
      return decide(false);
  }
}

// Keyboard-interactive: one "Password:" prompt, checked against password accounts.
Step interactive(Connection& c, ssh_message msg, const std::string& user, std::string& kbdint_user) {
  if (ssh_message_auth_kbdint_is_response(msg) == 0) {
    kbdint_user = user;
    const char* prompts[] = {"Password: "};
    char echo[] = {0};
    ssh_message_auth_interactive_request(msg, "", "", 1, prompts, echo);
    return {Outcome::replied, true, false};
  }
  const bool ok = ssh_userauth_kbdint_getnanswers(c.session()) == 1 &&
                  password_ok(c.dev.spec, kbdint_user, ssh_userauth_kbdint_getanswer(c.session(), 0));
  return {ok ? Outcome::accept : Outcome::reject, false, !ok};
}

const char* method_name(int subtype) {
  switch (subtype) {
    case SSH_AUTH_METHOD_NONE: return "none";
    case SSH_AUTH_METHOD_PASSWORD: return "password";
    case SSH_AUTH_METHOD_PUBLICKEY: return "publickey";
    case SSH_AUTH_METHOD_INTERACTIVE: return "keyboard-interactive";
    default: return "other";
  }
}

Step handle(Connection& c, ssh_message msg, std::string& user, std::string& kbdint_user) {
  switch (ssh_message_subtype(msg)) {
    case SSH_AUTH_METHOD_NONE: return decide(none_allowed(c.dev.spec, user));
    case SSH_AUTH_METHOD_PASSWORD: return decide(password_ok(c.dev.spec, user, ssh_message_auth_password(msg)));
    case SSH_AUTH_METHOD_PUBLICKEY: return publickey(c, msg, user);
    case SSH_AUTH_METHOD_INTERACTIVE:
      if (ssh_message_auth_kbdint_is_response(msg) != 0) user = kbdint_user;
      return interactive(c, msg, user, kbdint_user);
    default: return decide(false);
  }
}

}  // namespace

void handle_auth(Connection& c, ssh_message msg) {
  const std::size_t device = c.dev.index;
  const char* u = ssh_message_auth_user(msg);
  std::string user = u != nullptr ? u : "";
  const int subtype = ssh_message_subtype(msg);
  const auto now = std::chrono::steady_clock::now();
  const LockoutSpec& lockout = c.dev.spec.lockout;
  // A locked device refuses every request, the right password included.
  const bool locked = lockout.threshold > 0 && c.hub.stats.locked(device, now);
  const Step step = locked ? Step{Outcome::reject, true, true} : handle(c, msg, user, c.auth.kbdint_user);
  if (step.failure) c.hub.stats.auth_failed(device, now, lockout.threshold, lockout.window_s);
  if (step.attempt) c.hub.stats.auth_attempt(device, ++c.auth.attempts);
  if (step.outcome == Outcome::replied) return;
  c.log(std::string("auth ") + method_name(subtype) + " user=" + quoted(user) +
        (step.outcome == Outcome::accept ? " accepted" : locked ? " rejected (locked out)" : " rejected"));
  if (step.outcome == Outcome::accept) {
    c.hub.stats.auth_accepted(device);
    c.logged_in(user);
    ssh_message_auth_reply_success(msg, 0);
    return;
  }
  ssh_message_auth_set_methods(msg, kAdvertised);
  ssh_message_reply_default(msg);
  const auto max_failures = static_cast<std::uint64_t>(c.dev.spec.max_auth_per_connection);
  if (step.failure && ++c.auth.failures >= max_failures) {
    c.log("too many authentication failures (" + std::to_string(c.auth.failures) + "), disconnecting");
    c.end(Ending::disconnect);
  }
}

}  // namespace attest::lab
