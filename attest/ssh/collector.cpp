// The collection flow for one device: connect, verify the host key before
// anything else, log in, read the profile's commands, then run the credential
// probes under the attempt budget. Every step leaves evidence; nothing here
// judges it.
#include "attest/ssh/collector.hpp"

#include <optional>

#include "attest/ssh/attempt_plan.hpp"
#include "attest/ssh/commands.hpp"
#include "attest/ssh/host_key.hpp"
#include "attest/ssh/session.hpp"
#include "attest/util/digest.hpp"

namespace attest {

namespace {

using ssh::AttemptPlan;
using ssh::AuthMethods;
using ssh::AuthOutcome;
using ssh::AuthResult;
using ssh::Session;
using ssh::Timer;

constexpr const char* kPinMismatch = "not attempted: host key does not match the pin";

class DeviceRun {
 public:
  explicit DeviceRun(const CollectRequest& request)
      : request_(request),
        timeouts_(request.device.timeouts),
        total_(timeouts_.total),
        plan_(request.attempt_budget, request.max_auth_per_connection) {
    evidence_.device = request.device.name;
    evidence_.started = utc_now_rfc3339();
    evidence_.attempt_budget = request.attempt_budget;
  }

  DeviceEvidence run();

 private:
  Status connect();
  void disconnect();
  bool login();
  std::optional<bool> query_login_methods();
  bool login_with_credential();
  AuthOutcome send_login(const std::string& method);
  void collect_commands();
  void collect_exec(const std::vector<std::string>& commands);
  void collect_shell(const Profile& profile);
  void run_probes();
  void try_probe(const CredentialProbe& probe, AuthAttempt& attempt);
  void record_auth(AuthAttempt& attempt, const AuthOutcome& outcome);
  std::string methods_text() const { return methods_ ? methods_->joined() : "unknown"; }

  const CollectRequest& request_;
  const Timeouts timeouts_;
  const Deadline total_;
  AttemptPlan plan_;
  DeviceEvidence evidence_;
  std::optional<Session> session_;
  std::optional<AuthMethods> methods_;  // from the first "none" answer
  std::string stop_reason_;             // set when no further connection may be made
};

DeviceEvidence DeviceRun::run() {
  if (auto first = connect(); !first) {
    const bool pin = stop_reason_ == kPinMismatch;
    if (!pin) {
      evidence_.connect_error = first.error();
      stop_reason_ = "device unreachable";
    }
  } else if (login()) {
    collect_commands();
  }
  run_probes();
  disconnect();
  evidence_.connections = plan_.connection();
  evidence_.finished = utc_now_rfc3339();
  return std::move(evidence_);
}

// A new connection, checked against the pin (first) or against the key the
// first connection presented (later ones) before any credential is sent.
Status DeviceRun::connect() {
  disconnect();
  auto session = Session::open(request_.device.address, request_.device.port,
                               Timer::within(timeouts_.connect, total_));
  if (!session) return session.error();
  plan_.connected();
  auto key = session->host_key();
  if (!key) return key.error();
  if (plan_.connection() == 1) {
    evidence_.host_key_type = key->type;
    evidence_.host_key_fingerprint = key->fingerprint;
    evidence_.host_key_matches_pin = ssh::fingerprint_matches_pin(key->fingerprint, request_.device.host_key);
  } else if (key->fingerprint != evidence_.host_key_fingerprint) {
    evidence_.host_key_matches_pin = false;
    evidence_.session_error = make_error(ErrorKind::crypto, "connection " + std::to_string(plan_.connection()) +
                                                                " presented host key " + key->fingerprint +
                                                                " instead of " + evidence_.host_key_fingerprint);
  }
  if (!evidence_.host_key_matches_pin) {
    // A swapped device or a man in the middle would capture what we send.
    stop_reason_ = kPinMismatch;
    session->disconnect(ssh::cleanup_timer());
    return make_error(ErrorKind::crypto, kPinMismatch);
  }
  session_.emplace(std::move(session).value());
  return ok_status();
}

void DeviceRun::disconnect() {
  if (!session_) return;
  session_->disconnect(ssh::cleanup_timer());
  session_.reset();
  plan_.dropped();
}

// The site login: one "none" query (learns the offered methods; counted),
// then the credential. True when the session is authenticated.
bool DeviceRun::login() {
  // With a budget of one, skip the query: the login itself matters more.
  if (login_auth_requests(request_.attempt_budget) == 2 && plan_.can_attempt(2)) {
    const std::optional<bool> in = query_login_methods();
    if (in) return *in;
  }
  return login_with_credential();
}

// Empty when the query was answered with a method list; otherwise whether
// the login is done (accepted "none") or failed (no answer).
std::optional<bool> DeviceRun::query_login_methods() {
  const LoginCredential& cred = request_.login;
  AuthAttempt attempt{AttemptOrigin::login, cred.id, cred.username, "none", AttemptOutcome::not_tried, {},
                      plan_.connection()};
  auto methods = session_->query_methods(cred.username, Timer::within(timeouts_.auth, total_));
  plan_.attempted();
  if (!methods) {
    attempt.outcome = AttemptOutcome::error;
    attempt.detail = "method query: " + methods.error().message;
    evidence_.attempts.push_back(attempt);
    evidence_.login_error = methods.error();
    plan_.dropped();
    return false;
  }
  methods_ = *methods;
  attempt.outcome = methods->authenticated ? AttemptOutcome::accepted : AttemptOutcome::rejected;
  attempt.detail = methods->authenticated ? "method query: \"none\" authentication accepted"
                                          : "method query: server offers " + methods->joined();
  evidence_.attempts.push_back(attempt);
  if (methods->authenticated) {
    plan_.authenticated();
    return true;
  }
  return std::nullopt;
}

bool DeviceRun::login_with_credential() {
  const LoginCredential& cred = request_.login;
  const std::string who = "login as " + cred.username + " with credential '" + cred.id + "'";
  AuthAttempt attempt{AttemptOrigin::login, cred.id, cred.username, "", AttemptOutcome::not_tried, {}, 0};
  if (cred.private_key) {
    attempt.method = "publickey";
  } else if (cred.password) {
    const bool kbdint = methods_ && !methods_->offers("password") && methods_->offers("keyboard-interactive");
    attempt.method = kbdint ? "keyboard-interactive" : "password";
  } else {
    evidence_.login_error = make_error(ErrorKind::input, "credential '" + cred.id + "' has no password or key");
    return false;
  }
  std::optional<Error> failure;
  if (!plan_.can_attempt()) {
    attempt.detail = "not tried: attempt budget of " + std::to_string(plan_.budget()) + " spent";
  } else if (methods_ && !methods_->offers(attempt.method)) {
    attempt.detail = "not tried: server does not offer " + attempt.method;
  } else {
    const AuthOutcome outcome = send_login(attempt.method);
    record_auth(attempt, outcome);
    if (outcome.result == AuthResult::error) failure = outcome.error;
    if (outcome.result == AuthResult::expired) {
      failure = make_error(ErrorKind::auth, "password expired, the device demands a change");
    }
  }
  evidence_.attempts.push_back(attempt);
  if (!failure && attempt.outcome == AttemptOutcome::accepted) return true;
  evidence_.login_error = failure ? make_error(failure->kind, who + " failed: " + failure->message)
                                  : make_error(ErrorKind::auth, who + " refused (methods offered: " +
                                                                    methods_text() + ")");
  return false;
}

// A key login sends "is this key acceptable?" and, only if it is, the
// signature: one attempt, since only the first half can fail.
AuthOutcome DeviceRun::send_login(const std::string& method) {
  const LoginCredential& cred = request_.login;
  const Timer timer = Timer::within(timeouts_.auth, total_);
  if (method == "publickey") {
    return session_->auth_publickey_file(cred.username, *cred.private_key, cred.passphrase.value_or(""), timer);
  }
  if (method == "password") return session_->auth_password(cred.username, *cred.password, timer);
  return session_->auth_keyboard_interactive(cred.username, *cred.password, timer);
}

// Counts the request and turns libssh2's answer into an outcome.
void DeviceRun::record_auth(AuthAttempt& attempt, const AuthOutcome& outcome) {
  plan_.attempted();
  attempt.connection = plan_.connection();
  switch (outcome.result) {
    case AuthResult::accepted:
      attempt.outcome = AttemptOutcome::accepted;
      plan_.authenticated();
      break;
    case AuthResult::expired:
      // The server asked to change the password: the password itself worked.
      attempt.outcome = AttemptOutcome::accepted;
      attempt.detail = "accepted, but the device demands a password change";
      plan_.authenticated();
      break;
    case AuthResult::rejected:
      attempt.outcome = AttemptOutcome::rejected;
      break;
    case AuthResult::error:
      // No answer: the connection state is unknown, never reuse it.
      attempt.outcome = AttemptOutcome::error;
      attempt.detail = outcome.error.message;
      plan_.dropped();
      break;
  }
}

void DeviceRun::collect_commands() {
  const Profile* profile = request_.profile;
  if (profile == nullptr) {
    evidence_.session_error = make_error(ErrorKind::internal, "no profile for device " + request_.device.name);
    return;
  }
  if (profile->mode == ChannelMode::exec) {
    collect_exec(profile->commands);
  } else {
    collect_shell(*profile);
  }
  collect_exec(request_.exec_commands);
}

CommandRecord not_run(const std::string& command, const Error& why) {
  CommandRecord record;
  record.command = command;
  record.started = record.finished = utc_now_rfc3339();
  record.sha256 = sha256_hex("");
  record.error = make_error(why.kind, "not run: " + why.message);
  return record;
}

Error deadline_spent(const Timeouts& timeouts) {
  return make_error(ErrorKind::timeout, "device deadline of " + std::to_string(timeouts.total.count()) + " ms spent");
}

void DeviceRun::collect_exec(const std::vector<std::string>& commands) {
  for (const auto& command : commands) {
    if (total_.expired()) {
      evidence_.commands.push_back(not_run(command, deadline_spent(timeouts_)));
    } else {
      evidence_.commands.push_back(ssh::run_exec(*session_, command, timeouts_.command, total_));
    }
  }
}

void DeviceRun::collect_shell(const Profile& profile) {
  auto shell = ssh::ShellSession::open(*session_, profile, timeouts_.command, total_);
  if (!shell) {
    evidence_.session_error = shell.error();
    for (const auto& command : profile.commands) evidence_.commands.push_back(not_run(command, shell.error()));
    return;
  }
  std::optional<Error> broken;
  for (const auto& setup : profile.setup_commands) {
    const CommandRecord record = shell->run(setup, timeouts_.command, total_);
    if (record.error) {
      broken = make_error(record.error->kind, "setup command '" + setup + "': " + record.error->message);
      evidence_.session_error = broken;
      break;
    }
  }
  for (const auto& command : profile.commands) {
    if (!broken && total_.expired()) broken = deadline_spent(timeouts_);
    if (!broken && !shell->usable()) broken = make_error(ErrorKind::protocol, "shell unusable after an earlier error");
    evidence_.commands.push_back(broken ? not_run(command, *broken)
                                        : shell->run(command, timeouts_.command, total_));
  }
  shell->close();
}

void DeviceRun::run_probes() {
  for (const auto& probe : request_.probes) {
    AuthAttempt attempt{probe.origin, probe.credential_id, probe.username, probe.none_auth ? "none" : "password",
                        AttemptOutcome::not_tried, {}, 0};
    if (!stop_reason_.empty()) {
      attempt.detail = stop_reason_;
    } else if (!plan_.can_attempt()) {
      attempt.detail = "not tried: attempt budget of " + std::to_string(plan_.budget()) + " spent";
    } else if (total_.expired()) {
      attempt.detail = "not tried: " + deadline_spent(timeouts_).message;
    } else if (auto reconnected = plan_.needs_new_connection() ? connect() : ok_status(); !reconnected) {
      // One failed reconnect ends the probing: retrying would only hammer a
      // device that is refusing or rate-limiting us.
      if (stop_reason_.empty()) stop_reason_ = "not tried: reconnect failed: " + reconnected.error().message;
      attempt.detail = stop_reason_;
    } else {
      try_probe(probe, attempt);
    }
    evidence_.attempts.push_back(attempt);
  }
}

void DeviceRun::try_probe(const CredentialProbe& probe, AuthAttempt& attempt) {
  const Timer timer = Timer::within(timeouts_.auth, total_);
  if (probe.none_auth) {
    // The "none" request is the probe itself: libssh2_userauth_list.
    auto methods = session_->query_methods(probe.username, timer);
    const bool accepted = methods && methods->authenticated;
    record_auth(attempt, accepted ? AuthOutcome{AuthResult::accepted, {}}
                         : methods ? AuthOutcome{AuthResult::rejected, {}}
                                   : AuthOutcome{AuthResult::error, methods.error()});
    if (methods && !accepted && !methods_) methods_ = *methods;
    return;
  }
  if (methods_ && !methods_->offers("password")) {
    if (!methods_->offers("keyboard-interactive")) {
      attempt.detail = "not tried: server offers neither password nor keyboard-interactive (offers " +
                       methods_->joined() + ")";
      return;
    }
    attempt.method = "keyboard-interactive";
    record_auth(attempt, session_->auth_keyboard_interactive(probe.username, probe.password, timer));
    return;
  }
  record_auth(attempt, session_->auth_password(probe.username, probe.password, timer));
}

}  // namespace

DeviceEvidence collect_device(const CollectRequest& request) { return DeviceRun(request).run(); }

Result<HostKeyInfo> fetch_host_key(const std::string& address, std::uint16_t port, Millis timeout) {
  auto session = ssh::Session::open(address, port, Timer{Deadline(timeout), timeout});
  if (!session) return session.error();
  auto key = session->host_key();
  session->disconnect(ssh::cleanup_timer());
  if (!key) return key.error();
  return HostKeyInfo{key->type, key->fingerprint};
}

}  // namespace attest
