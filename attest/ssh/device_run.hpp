// The collection of one device (collector.hpp), as a sequence of steps on
// one object: connect, login and commands in collector.cpp, credential
// probes and exposure checks in collector_probes.cpp. Internal to ssh/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "attest/ssh/attempt_plan.hpp"
#include "attest/ssh/collector.hpp"
#include "attest/ssh/session.hpp"

namespace attest::collect_detail {

using ssh::AttemptPlan;
using ssh::AuthMethods;
using ssh::AuthOutcome;
using ssh::AuthResult;
using ssh::Session;
using ssh::Timer;

inline constexpr const char* kPinMismatch = "not attempted: host key does not match the pin";

ssh::AlgorithmPrefs prefs_from(const SshPosturePolicy* policy);
AuthAttempt attempt_for(const CredentialProbe& probe);
// A command that could not be run, and why.
CommandRecord not_run(const std::string& command, const Error& why);
Error deadline_spent(const Timeouts& timeouts);
// The probe schedule of a request, as the planner (engine/plan.cpp) made it.
ssh::ProbeSchedule schedule_for(const CollectRequest& request);

class DeviceRun {
 public:
  explicit DeviceRun(const CollectRequest& request)
      : request_(request),
        timeouts_(request.device.timeouts),
        total_(timeouts_.total),
        plan_(request.attempt_budget, request.max_auth_per_connection),
        prefs_(prefs_from(request.posture ? &*request.posture : nullptr)),
        probe_done_(request.probes.size(), false),
        schedule_(schedule_for(request)) {
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
  void probe_before_login();
  bool reconnect_for_login();
  bool login_with_credential();
  AuthOutcome send_login(const std::string& method);
  void collect_commands();
  void collect_exec(const std::vector<std::string>& commands);
  void collect_exec_forms(const Profile& profile);
  const CommandRecord& exec_one(const std::string& command);
  const CommandRecord* ran_already(const std::string& command) const;
  void collect_shell(const Profile& profile);
  void run_probes();
  void run_probe_connection(const ssh::ProbeConnection& plan);
  void finish_probe(std::size_t index, AuthAttempt attempt);
  std::optional<AuthMethods> open_with_query(const ssh::ProbeConnection& plan);
  void resolve_by_query(const AuthMethods& methods, const std::string& username,
                        const std::vector<std::size_t>& candidates);
  void try_probe(const CredentialProbe& probe, const std::optional<AuthMethods>& methods, AuthAttempt& attempt);
  void record_auth(AuthAttempt& attempt, const AuthOutcome& outcome);
  void record_server_hello(const ssh::ServerHelloParser& hello);
  void note_refusal(const KexInitLists& offered, Error& error);
  void probe_exposure();
  std::string methods_text() const { return methods_ ? methods_->joined() : "unknown"; }
  // What the collection waits on now, for progress views.
  void doing(std::string what) const {
    if (request_.activity) request_.activity(std::move(what));
  }
  // The attempt journal's view of each request (CollectRequest::auth_request).
  void note_request(const std::string& username, AuthRequestEvent event) const {
    if (request_.auth_request) request_.auth_request(username, event);
  }
  // Waits for a connection slot under the run's handshake rate cap.
  Status await_slot();
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
  // The planner's schedule, made again from the same inputs: which probes go
  // on the login connection, which on connections of their own.
  const ssh::ProbeSchedule schedule_;
};

}  // namespace attest::collect_detail
