#include "attest/engine/plan.hpp"

#include <algorithm>

#include "attest/ssh/attempt_plan.hpp"

namespace attest {
namespace {

CredentialProbe probe_for_default(const DefaultCredential& d, const Device& device) {
  CredentialProbe p;
  p.origin = AttemptOrigin::factory_default;
  p.credential_id = d.id;
  p.username = d.username;
  switch (d.kind) {
    case PasswordKind::literal:
      p.password = d.password;
      break;
    case PasswordKind::none_auth:
      p.none_auth = true;
      break;
    case PasswordKind::serial_suffix: {
      // Units whose factory password is printed on the label, derived from
      // the serial (e.g. Lantronix SLC8000: last 8 characters).
      const auto n = static_cast<std::size_t>(std::max(d.length, 0));
      const std::string& s = device.serial;
      p.password = s.size() > n ? s.substr(s.size() - n) : s;
      break;
    }
  }
  return p;
}

AuthAttempt not_tried(const CredentialProbe& p, int budget, int earlier_failures) {
  AuthAttempt a;
  a.origin = p.origin;
  a.credential_id = p.credential_id;
  a.username = p.username;
  a.method = p.none_auth ? "none" : "password";
  a.outcome = AttemptOutcome::not_tried;
  a.detail = "not tried: beyond the attempt budget of " + std::to_string(budget);
  if (earlier_failures > 0) {
    a.detail += " (" + std::to_string(earlier_failures) +
                " failed requests of earlier runs are still inside the device's lockout window)";
  }
  return a;
}

}  // namespace

CredentialPlan plan_credentials(const Device& device, const CredentialPolicy* policy,
                                const std::vector<RetiredCredential>& retired, const std::string& login_username,
                                int earlier_failures) {
  CredentialPlan plan;
  if (policy && policy->attempt_budget) plan.attempt_budget = *policy->attempt_budget;
  if (device.attempt_budget) plan.attempt_budget = *device.attempt_budget;
  if (policy && policy->max_auth_per_connection)
    plan.max_auth_per_connection = *policy->max_auth_per_connection;
  if (device.max_auth_per_connection) plan.max_auth_per_connection = *device.max_auth_per_connection;
  plan.earlier_failures = std::clamp(earlier_failures, 0, plan.attempt_budget);
  plan.attempt_budget -= plan.earlier_failures;

  std::vector<CredentialProbe> candidates;
  if (policy) {
    for (const auto& d : policy->defaults) candidates.push_back(probe_for_default(d, device));
  }
  for (const auto& r : retired) {
    CredentialProbe p;
    p.origin = AttemptOrigin::retired;
    p.credential_id = r.id;
    p.username = r.username;
    p.password = r.password;
    candidates.push_back(std::move(p));
  }

  std::vector<ssh::ProbeKey> keys;
  for (const auto& c : candidates) keys.push_back({c.username, c.none_auth});
  const int login = login_auth_requests(plan.attempt_budget, plan.max_auth_per_connection);
  const ssh::LoginConnection shared{login_username, login};
  const ssh::ProbeSchedule schedule = ssh::schedule_probes(keys, plan.attempt_budget - login, plan.max_auth_per_connection,
                                                           login_username.empty() ? nullptr : &shared);
  // The collector schedules the kept candidates again, in the same order,
  // and gets the same connections: they all fit.
  for (std::size_t i : schedule.before_login) plan.probes.push_back(candidates[i]);
  for (const auto& c : schedule.connections) {
    for (std::size_t i : c.candidates) plan.probes.push_back(candidates[i]);
  }
  for (std::size_t i : schedule.left_out) plan.over_budget.push_back(not_tried(candidates[i], plan.attempt_budget, plan.earlier_failures));
  return plan;
}

}  // namespace attest
