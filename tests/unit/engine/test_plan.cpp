#include <doctest/doctest.h>

#include "attest/engine/plan.hpp"

using namespace attest;

namespace {

CredentialPolicy policy_with(int defaults) {
  CredentialPolicy p;
  p.profile = "arista-eos";
  for (int i = 0; i < defaults; ++i) {
    p.defaults.push_back(DefaultCredential{"d" + std::to_string(i), "admin", PasswordKind::literal, "admin", 0, "doc"});
  }
  return p;
}

std::vector<RetiredCredential> retired(int n) {
  std::vector<RetiredCredential> out;
  for (int i = 0; i < n; ++i) out.push_back(RetiredCredential{"r" + std::to_string(i), "ops", "old-secret", ""});
  return out;
}

}  // namespace

TEST_CASE("the plan keeps the login's two requests and defaults come before retired credentials") {
  Device d;
  const auto policy = policy_with(2);
  const auto plan = plan_credentials(d, &policy, retired(2));
  // login 2 + admin's connection (none + 2) + ops's connection (none + 2)
  CHECK(plan.attempt_budget == 8);
  REQUIRE(plan.probes.size() == 4);
  CHECK(plan.probes[0].origin == AttemptOrigin::factory_default);
  CHECK(plan.probes[3].origin == AttemptOrigin::retired);
  CHECK(plan.over_budget.empty());
}

TEST_CASE("with a budget of one the login alone uses it") {
  Device d;
  d.attempt_budget = 1;
  const auto policy = policy_with(1);
  const auto plan = plan_credentials(d, &policy, {});
  CHECK(plan.probes.empty());
  CHECK(plan.over_budget.size() == 1);
}

TEST_CASE("candidates beyond the budget are listed as not tried, never dropped") {
  Device d;
  d.attempt_budget = 4;
  const auto policy = policy_with(3);
  const auto plan = plan_credentials(d, &policy, retired(1));
  // login 2, then admin's connection: its "none" query + one password
  CHECK(plan.probes.size() == 1);
  REQUIRE(plan.over_budget.size() == 3);
  CHECK(plan.over_budget[2].credential_id == "r0");
  CHECK(plan.over_budget[2].outcome == AttemptOutcome::not_tried);
  CHECK(plan.over_budget[2].detail.find("budget of 4") != std::string::npos);
}

TEST_CASE("the device's per-connection limit overrides the DB's and cuts connections to it") {
  auto policy = policy_with(3);
  policy.max_auth_per_connection = 4;
  Device d;
  d.attempt_budget = 20;
  CHECK(plan_credentials(d, &policy, {}).max_auth_per_connection == 4);
  d.max_auth_per_connection = 1;  // a server that drops after one failure
  const auto plan = plan_credentials(d, &policy, retired(1));
  CHECK(plan.max_auth_per_connection == 1);
  CHECK(plan.probes.size() == 4);  // login 1 (no query) + one request per candidate
  CHECK(plan.over_budget.empty());
}

TEST_CASE("the DB's per-profile budget applies unless the device sets its own") {
  auto policy = policy_with(1);
  policy.attempt_budget = 20;
  Device d;
  CHECK(plan_credentials(d, &policy, {}).attempt_budget == 20);
  d.attempt_budget = 4;
  CHECK(plan_credentials(d, &policy, {}).attempt_budget == 4);
}

TEST_CASE("a serial-derived default uses the last characters of the expected serial") {
  CredentialPolicy policy;
  policy.defaults.push_back(DefaultCredential{"slc", "sysadmin", PasswordKind::serial_suffix, "", 8, "doc"});
  Device d;
  d.serial = "0080A3ABCDEF1234";
  const auto plan = plan_credentials(d, &policy, {});
  REQUIRE(plan.probes.size() == 1);
  CHECK(plan.probes[0].password == "CDEF1234");
}

TEST_CASE("a none-auth default becomes a none probe") {
  CredentialPolicy policy;
  policy.defaults.push_back(DefaultCredential{"eos", "admin", PasswordKind::none_auth, "", 0, "doc"});
  const auto plan = plan_credentials(Device{}, &policy, {});
  REQUIRE(plan.probes.size() == 1);
  CHECK(plan.probes[0].none_auth);
}
