// Credential probes (one username per connection, under the budget) and
// the connect-only exposure checks of a device run (device_run.hpp).
#include "attest/ssh/device_run.hpp"

#include "attest/ssh/reactor.hpp"

namespace attest::collect_detail {

// One username per connection, in the schedule the planner made; every
// probe ends with an outcome, "not tried" and why when it could not be sent.
void DeviceRun::run_probes() {
  for (const auto& connection : schedule_.connections) run_probe_connection(connection);
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
  doing("probe connection " + std::to_string(plan_.connection()) + " (user " + plan.username + ")");
  std::optional<AuthMethods> methods;
  if (plan.opens_with_query) {
    methods = open_with_query(plan);
    if (!methods) return;
    if (methods->authenticated || !methods->offers_secret()) {
      return resolve_by_query(*methods, plan.username, plan.candidates);
    }
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
  note_request(plan.username, AuthRequestEvent::sent);
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
    if (methods->authenticated) {
      note_request(plan.username, AuthRequestEvent::accepted);
      plan_.authenticated();
    }
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
void DeviceRun::resolve_by_query(const AuthMethods& methods, const std::string& username,
                                 const std::vector<std::size_t>& candidates) {
  for (std::size_t i : candidates) {
    if (probe_done_[i]) continue;
    AuthAttempt attempt = attempt_for(request_.probes[i]);
    attempt.connection = plan_.connection();
    if (methods.authenticated) {
      attempt.outcome = AttemptOutcome::accepted;
      attempt.detail = "user " + username + " is let in without any credential (\"none\" accepted)";
    } else {
      attempt.outcome = AttemptOutcome::rejected;
      attempt.detail = "refused without trying: server offers only " + methods.joined() + " to user " +
                       username + ", no password method";
    }
    finish_probe(i, std::move(attempt));
  }
}

void DeviceRun::try_probe(const CredentialProbe& probe, const std::optional<AuthMethods>& methods,
                          AuthAttempt& attempt) {
  const Timer timer = Timer::within(timeouts_.auth, total_);
  note_request(probe.username, AuthRequestEvent::sent);
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
    const Status slot = total_.expired() ? ok_status() : await_slot();
    doing("exposure probe of port " + std::to_string(service.port));
    const Timer timer = Timer::within(std::min(timeouts_.connect, Millis(2000)), total_);
    if (timer.expired()) {
      probe.detail = "not probed: " + deadline_spent(timeouts_).message;
    } else if (!slot) {
      probe.detail = "not probed: " + slot.error().message;
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

}  // namespace attest::collect_detail
