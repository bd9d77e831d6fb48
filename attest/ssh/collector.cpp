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

ssh::AlgorithmPrefs prefs_from(const SshPosturePolicy* policy) {
  if (policy == nullptr) return {};
  return {policy->forbidden_kex, policy->forbidden_host_key, policy->forbidden_ciphers, policy->forbidden_macs};
}

AuthAttempt attempt_for(const CredentialProbe& probe) {
  return AuthAttempt{probe.origin, probe.credential_id, probe.username, probe.none_auth ? "none" : "password",
                     AttemptOutcome::not_tried, {}, 0};
}

class DeviceRun {
 public:
  explicit DeviceRun(const CollectRequest& request)
      : request_(request),
        timeouts_(request.device.timeouts),
        total_(timeouts_.total),
        plan_(request.attempt_budget, request.max_auth_per_connection),
        prefs_(prefs_from(request.posture ? &*request.posture : nullptr)),
        probe_done_(request.probes.size(), false) {
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
  void run_probe_connection(const ssh::ProbeConnection& plan);
  void finish_probe(std::size_t index, AuthAttempt attempt);
  std::optional<AuthMethods> open_with_query(const ssh::ProbeConnection& plan);
  void resolve_by_query(const AuthMethods& methods, const ssh::ProbeConnection& plan);
  void try_probe(const CredentialProbe& probe, const std::optional<AuthMethods>& methods, AuthAttempt& attempt);
  void record_auth(AuthAttempt& attempt, const AuthOutcome& outcome);
  void record_server_hello(const ssh::ServerHelloParser& hello);
  void note_refusal(const KexInitLists& offered, Error& error);
  void probe_exposure();
  std::string methods_text() const { return methods_ ? methods_->joined() : "unknown"; }
  // The run was interrupted: nothing new is started.
  bool cancelled() const { return request_.cancel != nullptr && request_.cancel->load(); }

  const CollectRequest& request_;
  const Timeouts timeouts_;
  const Deadline total_;
  AttemptPlan plan_;
  DeviceEvidence evidence_;
  std::optional<Session> session_;
  std::optional<AuthMethods> methods_;  // offered to the login user (its "none" answer)
  std::string stop_reason_;             // set when no further connection may be made
  ssh::AlgorithmPrefs prefs_;
  // Which of request_.probes have an outcome in the evidence already.
  std::vector<bool> probe_done_;
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
    evidence_.host_key_matches_pin = ssh::fingerprint_matches_pin(key->fingerprint, request_.device.host_key);
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
  if (login_auth_requests(request_.attempt_budget, request_.max_auth_per_connection) == 2 && plan_.can_attempt(2)) {
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
  evidence_.ssh.login_methods = methods->methods;
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
    if (cancelled()) {
      evidence_.commands.push_back(not_run(command, make_error(ErrorKind::timeout, "the run was interrupted")));
    } else if (total_.expired()) {
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
    if (!broken && cancelled()) broken = make_error(ErrorKind::timeout, "the run was interrupted");
    if (!broken && !shell->usable()) broken = make_error(ErrorKind::protocol, "shell unusable after an earlier error");
    evidence_.commands.push_back(broken ? not_run(command, *broken)
                                        : shell->run(command, timeouts_.command, total_));
  }
  shell->close();
}

// One username per connection, in the schedule the planner made; every
// probe ends with an outcome, "not tried" and why when it could not be sent.
void DeviceRun::run_probes() {
  std::vector<ssh::ProbeKey> keys;
  for (const auto& p : request_.probes) keys.push_back({p.username, p.none_auth});
  const int room = request_.attempt_budget - plan_.spent();
  const ssh::ProbeSchedule schedule = ssh::schedule_probes(keys, room, request_.max_auth_per_connection);
  for (const auto& connection : schedule.connections) run_probe_connection(connection);
  for (std::size_t i = 0; i < request_.probes.size(); ++i) {
    if (probe_done_[i]) continue;
    AuthAttempt attempt = attempt_for(request_.probes[i]);
    attempt.detail = !stop_reason_.empty() ? stop_reason_
                                           : "not tried: beyond the attempt budget of " + std::to_string(plan_.budget());
    finish_probe(i, std::move(attempt));
  }
}

// Attempts are recorded in the order they were made.
void DeviceRun::finish_probe(std::size_t index, AuthAttempt attempt) {
  probe_done_[index] = true;
  evidence_.attempts.push_back(std::move(attempt));
}

void DeviceRun::run_probe_connection(const ssh::ProbeConnection& plan) {
  if (stop_reason_.empty() && cancelled()) stop_reason_ = "not tried: the run was interrupted";
  if (!stop_reason_.empty()) return;
  if (total_.expired()) {
    stop_reason_ = "not tried: " + deadline_spent(timeouts_).message;
    return;
  }
  if (auto reconnected = connect(); !reconnected) {
    // One failed reconnect ends the probing: retrying would only hammer a
    // device that is refusing or rate-limiting us.
    if (stop_reason_.empty()) stop_reason_ = "not tried: reconnect failed: " + reconnected.error().message;
    return;
  }
  std::optional<AuthMethods> methods;
  if (plan.opens_with_query) {
    methods = open_with_query(plan);
    if (!methods) return;
    if (methods->authenticated || !methods->offers_secret()) return resolve_by_query(*methods, plan);
  }
  for (std::size_t i : plan.candidates) {
    const CredentialProbe& probe = request_.probes[i];
    if (probe_done_[i]) continue;  // answered by the query
    AuthAttempt attempt = attempt_for(probe);
    if (!plan_.usable()) {
      attempt.detail = "not tried: the connection for user " + plan.username + " ended before it";
    } else if (total_.expired()) {
      attempt.detail = "not tried: " + deadline_spent(timeouts_).message;
    } else {
      try_probe(probe, methods, attempt);
    }
    finish_probe(i, std::move(attempt));
  }
}

// The opening "none" request for the connection's username. It answers a
// none-auth candidate itself; its method list serves the others. Empty
// when there was no answer (the candidates then stay not tried).
std::optional<AuthMethods> DeviceRun::open_with_query(const ssh::ProbeConnection& plan) {
  auto methods = session_->query_methods(plan.username, Timer::within(timeouts_.auth, total_));
  plan_.attempted();
  const CredentialProbe* none_probe = nullptr;
  for (std::size_t i : plan.candidates) {
    if (request_.probes[i].none_auth) none_probe = &request_.probes[i];
  }
  AuthAttempt query = none_probe ? attempt_for(*none_probe)
                                 : AuthAttempt{AttemptOrigin::method_query, "", plan.username, "none",
                                               AttemptOutcome::not_tried, {}, 0};
  query.connection = plan_.connection();
  if (!methods) {
    query.outcome = AttemptOutcome::error;
    query.detail = "method query: " + methods.error().message;
    plan_.dropped();
    stop_reason_ = "not tried: the server did not answer the method query for user " + plan.username;
  } else {
    query.outcome = methods->authenticated ? AttemptOutcome::accepted : AttemptOutcome::rejected;
    // An accepted none-auth candidate is a plain login: no detail needed.
    query.detail = methods->authenticated ? (none_probe ? "" : "\"none\" authentication accepted: no credential needed")
                                          : "server offers " + methods->joined() + " to user " + plan.username;
    if (methods->authenticated) plan_.authenticated();
  }
  bool answered = false;
  for (std::size_t i : plan.candidates) {
    if (request_.probes[i].none_auth && !probe_done_[i]) {
      finish_probe(i, query);
      answered = true;
    }
  }
  if (!answered) evidence_.attempts.push_back(query);
  if (!methods) return std::nullopt;
  return *methods;
}

// What the query's answer proves for the password candidates, at no cost:
// a user let in with no credential at all accepts any password; a user
// offered no password method cannot log in with one over SSH.
void DeviceRun::resolve_by_query(const AuthMethods& methods, const ssh::ProbeConnection& plan) {
  for (std::size_t i : plan.candidates) {
    if (probe_done_[i]) continue;
    AuthAttempt attempt = attempt_for(request_.probes[i]);
    attempt.connection = plan_.connection();
    if (methods.authenticated) {
      attempt.outcome = AttemptOutcome::accepted;
      attempt.detail = "user " + plan.username + " is let in without any credential (\"none\" accepted)";
    } else {
      attempt.outcome = AttemptOutcome::rejected;
      attempt.detail = "refused without trying: server offers only " + methods.joined() + " to user " +
                       plan.username + ", no password method";
    }
    finish_probe(i, std::move(attempt));
  }
}

void DeviceRun::try_probe(const CredentialProbe& probe, const std::optional<AuthMethods>& methods,
                          AuthAttempt& attempt) {
  const Timer timer = Timer::within(timeouts_.auth, total_);
  if (probe.none_auth) {
    // Without an opening query (one request per connection), the "none"
    // request is the probe itself.
    auto answer = session_->query_methods(probe.username, timer);
    const bool accepted = answer && answer->authenticated;
    record_auth(attempt, accepted  ? AuthOutcome{AuthResult::accepted, {}, {}}
                         : answer ? AuthOutcome{AuthResult::rejected, {}, {}}
                                  : AuthOutcome{AuthResult::error, answer.error(), {}});
    return;
  }
  if (methods && !methods->offers("password")) {
    attempt.method = "keyboard-interactive";
    record_auth(attempt, session_->auth_keyboard_interactive(probe.username, probe.password, timer));
    return;
  }
  record_auth(attempt, session_->auth_password(probe.username, probe.password, timer));
}

// The first connection's banner and KEXINIT, as the server sent them.
void DeviceRun::record_server_hello(const ssh::ServerHelloParser& hello) {
  evidence_.ssh.banner = hello.hello().banner;
  if (hello.state() == ssh::HelloState::complete) evidence_.ssh.offered = hello.hello().kexinit;
}

// A key exchange that failed because the posture policy left nothing in
// common with the server, as opposed to one attest cannot speak: in every
// class without a common allowed algorithm, the server offered one the
// policy forbids (libssh2 1.11 no longer speaks ssh-dss, so "supported" is
// not the test).
void DeviceRun::note_refusal(const KexInitLists& offered, Error& error) {
  const ssh::ClientAlgorithms allowed = ssh::offered_algorithms(prefs_);
  const std::string refused = ssh::no_common_algorithm(offered, allowed);
  if (refused.empty()) return;
  const auto with = [](std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  };
  const ssh::ClientAlgorithms explained{with(allowed.kex, prefs_.forbidden_kex),
                                        with(allowed.host_key, prefs_.forbidden_host_key),
                                        with(allowed.ciphers, prefs_.forbidden_ciphers),
                                        with(allowed.macs, prefs_.forbidden_macs)};
  if (!ssh::no_common_algorithm(offered, explained).empty()) return;
  evidence_.ssh.refused_by_policy = refused;
  error.message += ": " + refused + " by the posture policy";
}

// Connect-only checks of services that must be closed: nothing is sent.
void DeviceRun::probe_exposure() {
  if (!request_.posture || evidence_.connect_error || cancelled()) return;
  for (const auto& service : request_.posture->must_be_closed) {
    PortProbe probe{service.service, service.port, PortState::error, {}};
    const Timer timer = Timer::within(std::min(timeouts_.connect, Millis(2000)), total_);
    if (timer.expired()) {
      probe.detail = "not probed: " + deadline_spent(timeouts_).message;
    } else if (auto socket = ssh::connect_tcp(request_.device.address, service.port, timer)) {
      probe.state = PortState::open;
      probe.detail = "TCP connect to port " + std::to_string(service.port) + " succeeded";
    } else {
      const Error& e = socket.error();
      probe.state = e.kind == ErrorKind::refused ? PortState::closed
                    : e.kind == ErrorKind::timeout ? PortState::filtered
                                                   : PortState::error;
      probe.detail = e.message;
    }
    evidence_.exposure.push_back(std::move(probe));
  }
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
