// The collection flow for one device: connect, verify the host key before
// anything else, log in, read the profile's commands, then run the credential
// probes under the attempt budget. Every step leaves evidence; nothing here
// judges it.
#include "attest/ssh/collector.hpp"

#include <optional>

#include "attest/profiles/forms.hpp"
#include "attest/ssh/commands.hpp"
#include "attest/ssh/host_key.hpp"
#include "attest/ssh/device_run.hpp"
#include "attest/ssh/reactor.hpp"
#include "attest/util/digest.hpp"

namespace attest {

namespace collect_detail {

ssh::AlgorithmPrefs prefs_from(const SshPosturePolicy* policy) {
  if (policy == nullptr) return {};
  return {policy->forbidden_kex, policy->forbidden_host_key, policy->forbidden_ciphers, policy->forbidden_macs};
}

AuthAttempt attempt_for(const CredentialProbe& probe) {
  return AuthAttempt{probe.origin, probe.credential_id, probe.username, probe.none_auth ? "none" : "password",
                     AttemptOutcome::not_tried, {}, 0};
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
  probe_exposure();
  disconnect();
  evidence_.connections = plan_.connection();
  evidence_.finished = utc_now_rfc3339();
  return std::move(evidence_);
}

// A new connection, checked against the pin (first) or against the key the
// first connection presented (later ones) before any credential is sent.
Status DeviceRun::connect() {
  disconnect();
  const bool first = plan_.connection() == 0;
  if (auto slot = await_slot(); !slot) return slot;
  doing("SSH handshake (connection " + std::to_string(plan_.connection() + 1) + ")");
  ssh::ServerHelloParser hello;
  auto session = Session::open(request_.device.address, request_.device.port,
                               Timer::within(timeouts_.connect, total_), prefs_, first ? &hello : nullptr);
  if (first) record_server_hello(hello);
  if (!session) {
    Error error = session.error();
    if (first && evidence_.ssh.offered) note_refusal(*evidence_.ssh.offered, error);
    return error;
  }
  plan_.connected();
  auto key = session->host_key();
  if (!key) return key.error();
  if (plan_.connection() == 1) {
    evidence_.host_key_type = key->type;
    evidence_.host_key_fingerprint = key->fingerprint;
    evidence_.host_key_matches_pin = ssh::fingerprint_matches_pin(key->fingerprint, request_.device.host_keys);
    evidence_.ssh.negotiated = session->negotiated();
    evidence_.ssh.host_key_type = key->type;
    if (auto strength = ssh::host_key_strength(key->blob)) evidence_.ssh.host_key_bits = strength->bits;
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

Status DeviceRun::await_slot() {
  doing("a connection slot (handshake rate cap)");
  if (ssh::await_connection_slot(total_)) return ok_status();
  if (cancelled()) return make_error(ErrorKind::timeout, "the run was interrupted");
  return make_error(ErrorKind::timeout, "no connection slot under the run's handshake rate cap before the "
                                        "device deadline of " + std::to_string(timeouts_.total.count()) + " ms");
}

void DeviceRun::disconnect() {
  if (!session_) return;
  session_->disconnect(ssh::cleanup_timer());
  session_.reset();
  plan_.dropped();
}

ssh::ProbeSchedule schedule_for(const CollectRequest& request) {
  std::vector<ssh::ProbeKey> keys;
  for (const auto& p : request.probes) keys.push_back({p.username, p.none_auth});
  const int login = login_auth_requests(request.attempt_budget, request.max_auth_per_connection);
  const ssh::LoginConnection shared{request.login.username, login};
  return ssh::schedule_probes(keys, request.attempt_budget - login, request.max_auth_per_connection,
                              request.login.username.empty() ? nullptr : &shared);
}

// The site login: one "none" query (learns the offered methods; counted),
// the probes of the login's own username that share its connection, then
// the credential. True when the session is authenticated.
bool DeviceRun::login() {
  doing("login as " + request_.login.username);
  // With a budget of one, skip the query: the login itself matters more.
  if (login_auth_requests(request_.attempt_budget, request_.max_auth_per_connection) == 2 && plan_.can_attempt(2)) {
    const std::optional<bool> in = query_login_methods();
    if (in) {
      // Let in with "none" (every candidate of the user is then open), or no
      // answer at all (they stay not tried, with the reason below).
      if (methods_ && methods_->authenticated) resolve_by_query(*methods_, request_.login.username, schedule_.before_login);
      for (std::size_t i : schedule_.before_login) {
        if (probe_done_[i]) continue;
        AuthAttempt attempt = attempt_for(request_.probes[i]);
        attempt.detail = "not tried: the login connection ended before it";
        finish_probe(i, std::move(attempt));
      }
      return *in;
    }
  }
  probe_before_login();
  if (!plan_.usable() && !reconnect_for_login()) return false;
  return login_with_credential();
}

// Candidates for the login's username, before its credential. The login's
// "none" answer already settles a none-auth candidate, and every candidate
// when no password method is offered.
void DeviceRun::probe_before_login() {
  const std::string& user = request_.login.username;
  for (std::size_t i : schedule_.before_login) {
    const CredentialProbe& probe = request_.probes[i];
    if (methods_ && !methods_->offers_secret() && !probe.none_auth) {
      resolve_by_query(*methods_, user, {i});
      continue;
    }
    AuthAttempt attempt = attempt_for(probe);
    if (probe.none_auth && methods_) {
      attempt.outcome = AttemptOutcome::rejected;
      attempt.connection = plan_.connection();
      attempt.detail = "answered by the login's \"none\" request: server offers " + methods_->joined();
    } else if (!plan_.usable()) {
      attempt.detail = "not tried: the login connection was no longer usable before it";
    } else {
      doing("probe before login (user " + user + ")");
      try_probe(probe, methods_, attempt);
    }
    finish_probe(i, std::move(attempt));
  }
}

// A probe before the login was let in, half let in or went unanswered: the
// login gets a fresh connection.
bool DeviceRun::reconnect_for_login() {
  if (auto again = connect(); !again) {
    if (stop_reason_.empty()) stop_reason_ = "not tried: reconnect failed: " + again.error().message;
    evidence_.login_error = make_error(again.error().kind, "reconnect for the login failed: " + again.error().message);
    return false;
  }
  return true;
}

// Empty when the query was answered with a method list; otherwise whether
// the login is done (accepted "none") or failed (no answer).
std::optional<bool> DeviceRun::query_login_methods() {
  const LoginCredential& cred = request_.login;
  AuthAttempt attempt{AttemptOrigin::login, cred.id, cred.username, "none", AttemptOutcome::not_tried, {},
                      plan_.connection()};
  note_request(cred.username, AuthRequestEvent::sent);
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
  evidence_.ssh.login_methods = methods->methods;
  attempt.outcome = methods->authenticated ? AttemptOutcome::accepted : AttemptOutcome::rejected;
  attempt.detail = methods->authenticated ? "method query: \"none\" authentication accepted"
                                          : "method query: server offers " + methods->joined();
  evidence_.attempts.push_back(attempt);
  if (methods->authenticated) {
    note_request(cred.username, AuthRequestEvent::accepted);
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
    if (outcome.result == AuthResult::partial) {
      failure = make_error(ErrorKind::auth, "the device asks for a second factor after the credential");
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
  note_request(cred.username, AuthRequestEvent::sent);
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
      note_request(attempt.username, AuthRequestEvent::accepted);
      plan_.authenticated();
      break;
    case AuthResult::expired:
      // The server asked to change the password: the password itself worked.
      attempt.outcome = AttemptOutcome::accepted;
      attempt.detail = "accepted, but the device demands a password change";
      note_request(attempt.username, AuthRequestEvent::accepted);
      plan_.authenticated();
      break;
    case AuthResult::partial: {
      // The server took the secret and asks for another factor: the secret
      // is right, which is all a default or retired credential must not be.
      attempt.outcome = AttemptOutcome::accepted;
      std::string next;
      for (const auto& m : outcome.methods) next += (next.empty() ? "" : ",") + m;
      attempt.detail = "partial success: the secret is right; the server asks for another factor (" + next + ")";
      plan_.dropped();  // not reused: the next request would be counted against the next factor
      break;
    }
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
    collect_exec_forms(*profile);
  } else {
    collect_shell(*profile);
  }
  collect_exec(request_.exec_commands);
}

void DeviceRun::collect_exec(const std::vector<std::string>& commands) {
  for (const auto& command : commands) exec_one(command);
}

const CommandRecord& DeviceRun::exec_one(const std::string& command) {
  if (cancelled()) {
    evidence_.commands.push_back(not_run(command, make_error(ErrorKind::timeout, "the run was interrupted")));
  } else if (total_.expired()) {
    evidence_.commands.push_back(not_run(command, deadline_spent(timeouts_)));
  } else {
    doing("command '" + command + "'");
    evidence_.commands.push_back(ssh::run_exec(*session_, command, timeouts_.command, total_));
  }
  return evidence_.commands.back();
}

// Each command, then its older forms while the previous one failed: a
// failing first form never hides the fallbacks (forms.hpp decides).
void DeviceRun::collect_exec_forms(const Profile& profile) {
  for (const auto& command : profile.commands) {
    for (const auto& form : forms_of(profile, command)) {
      // A form shared by two commands (Cumulus 4.x `net show system`) runs once.
      const CommandRecord* earlier = ran_already(form);
      if (!try_next_form(profile, form_run(earlier != nullptr ? *earlier : exec_one(form)))) break;
    }
  }
}

const CommandRecord* DeviceRun::ran_already(const std::string& command) const {
  for (const auto& record : evidence_.commands) {
    if (record.command == command) return &record;
  }
  return nullptr;
}

void DeviceRun::collect_shell(const Profile& profile) {
  doing("the shell prompt");
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
    for (const auto& form : forms_of(profile, command)) {
      if (!broken && total_.expired()) broken = deadline_spent(timeouts_);
      if (!broken && cancelled()) broken = make_error(ErrorKind::timeout, "the run was interrupted");
      if (!broken && !shell->usable()) broken = make_error(ErrorKind::protocol, "shell unusable after an earlier error");
      if (!broken) doing("command '" + command + "'");
      evidence_.commands.push_back(broken ? not_run(form, *broken) : shell->run(form, timeouts_.command, total_));
      // A refused form is an answer on a shell: the CLI printed its error and the prompt came back.
      if (broken || !try_next_form(profile, form_run(evidence_.commands.back()))) break;
    }
  }
  shell->close();
}

}  // namespace collect_detail

using collect_detail::DeviceRun;

DeviceEvidence collect_device(const CollectRequest& request) { return DeviceRun(request).run(); }

Result<HostKeyInfo> fetch_host_key(const std::string& address, std::uint16_t port, Millis timeout) {
  auto session = ssh::Session::open(address, port, ssh::Timer{Deadline(timeout), timeout});
  if (!session) return session.error();
  auto key = session->host_key();
  session->disconnect(ssh::cleanup_timer());
  if (!key) return key.error();
  return HostKeyInfo{key->type, key->fingerprint};
}

}  // namespace attest
