#include <doctest/doctest.h>

#include "attest/ssh/attempt_plan.hpp"

using attest::ssh::AttemptPlan;

TEST_CASE("a fresh plan needs a connection before the first attempt") {
  AttemptPlan plan(6, 3);
  CHECK(plan.needs_new_connection());
  plan.connected();
  CHECK_FALSE(plan.needs_new_connection());
  CHECK(plan.connection() == 1);
}

TEST_CASE("the plan asks for a new connection before the per-connection limit") {
  AttemptPlan plan(10, 3);
  plan.connected();
  for (int i = 0; i < 3; ++i) {
    CHECK_FALSE(plan.needs_new_connection());
    plan.attempted();
  }
  CHECK(plan.needs_new_connection());
  plan.connected();
  CHECK_FALSE(plan.needs_new_connection());
  CHECK(plan.connection() == 2);
}

TEST_CASE("an authenticated or dropped connection is never reused") {
  AttemptPlan plan(10, 3);
  plan.connected();
  plan.attempted();
  plan.authenticated();
  CHECK(plan.needs_new_connection());
  plan.connected();
  plan.attempted();
  plan.dropped();
  CHECK(plan.needs_new_connection());
}

TEST_CASE("the budget counts every attempt across connections") {
  AttemptPlan plan(4, 3);
  plan.connected();
  plan.attempted();
  plan.attempted();
  CHECK(plan.can_attempt(2));
  plan.attempted();
  CHECK_FALSE(plan.can_attempt(2));
  plan.connected();
  CHECK(plan.can_attempt());
  plan.attempted();
  CHECK_FALSE(plan.can_attempt());
  CHECK(plan.spent() == 4);
}

TEST_CASE("a zero or negative budget allows nothing and a zero connection limit means one") {
  CHECK_FALSE(AttemptPlan(0, 3).can_attempt());
  CHECK_FALSE(AttemptPlan(-2, 3).can_attempt());
  AttemptPlan plan(5, 0);
  plan.connected();
  CHECK_FALSE(plan.needs_new_connection());
  plan.attempted();
  CHECK(plan.needs_new_connection());
}

namespace {

using attest::ssh::ProbeKey;
using attest::ssh::schedule_probes;
using attest::ssh::scheduled_requests;

std::vector<std::size_t> ids(std::initializer_list<std::size_t> list) { return list; }

}  // namespace

TEST_CASE("probes for different usernames never share a connection") {
  const std::vector<ProbeKey> keys = {{"admin", false}, {"netops", false}, {"admin", false}, {"jdoe", false}};
  const auto s = schedule_probes(keys, 20, 3);
  REQUIRE(s.connections.size() == 3);
  CHECK(s.connections[0].username == "admin");
  CHECK(s.connections[0].candidates == ids({0, 2}));
  CHECK(s.connections[0].opens_with_query);
  CHECK(s.connections[0].requests == 3);  // none + two passwords
  CHECK(s.connections[1].username == "netops");
  CHECK(s.connections[2].username == "jdoe");
  CHECK(s.left_out.empty());
  CHECK(scheduled_requests(s) == 7);
}

TEST_CASE("a none-auth candidate is answered by the opening query and costs nothing more") {
  const std::vector<ProbeKey> keys = {{"admin", false}, {"admin", true}};
  const auto s = schedule_probes(keys, 2, 2);
  REQUIRE(s.connections.size() == 1);
  CHECK(s.connections[0].candidates == ids({1, 0}));  // the none-auth one first
  CHECK(s.connections[0].requests == 2);
  CHECK(s.left_out.empty());
}

TEST_CASE("the per-connection limit splits a username's candidates over connections, each with its query") {
  const std::vector<ProbeKey> keys = {{"root", false}, {"root", false}, {"root", false}};
  const auto s = schedule_probes(keys, 10, 2);  // sshd MaxAuthTries 2: none + one password
  REQUIRE(s.connections.size() == 3);
  for (const auto& c : s.connections) {
    CHECK(c.requests == 2);
    CHECK(c.candidates.size() == 1);
  }
}

TEST_CASE("with one request per connection there is no query: each candidate is its own connection") {
  const std::vector<ProbeKey> keys = {{"admin", true}, {"admin", false}};
  const auto s = schedule_probes(keys, 10, 1);
  REQUIRE(s.connections.size() == 2);
  CHECK_FALSE(s.connections[0].opens_with_query);
  CHECK(s.connections[0].requests == 1);
  CHECK(s.connections[1].requests == 1);
}

TEST_CASE("candidates that do not fit the budget are left out, never squeezed onto a shared connection") {
  const std::vector<ProbeKey> keys = {{"admin", false}, {"admin", false}, {"netops", false}, {"jdoe", false}};
  const auto s = schedule_probes(keys, 5, 3);  // admin: 3, netops: 2, jdoe would need 2 more
  CHECK(scheduled_requests(s) == 5);
  CHECK(s.left_out == ids({3}));
  // A query alone, with no room for a candidate after it, is never sent.
  const auto tight = schedule_probes({{"netops", false}}, 1, 3);
  CHECK(tight.connections.empty());
  CHECK(tight.left_out == ids({0}));
}

TEST_CASE("candidates of the login's username go on the login connection, within its room") {
  using attest::ssh::LoginConnection;
  const std::vector<ProbeKey> keys = {{"admin", false}, {"netops", false}, {"netops", true}, {"netops", false},
                                      {"jdoe", false}};
  const LoginConnection login{"netops", 2};  // its query and its credential
  const auto s = schedule_probes(keys, 20, 3, &login);
  // none-auth first (answered by the login's query), then one password: the
  // connection's room is 3 - 2 = 1. The third netops candidate needs one of its own.
  REQUIRE(s.before_login.size() == 2);
  CHECK(s.before_login[0] == 2);
  CHECK(s.before_login[1] == 1);
  CHECK(s.before_login_requests == 1);
  REQUIRE(s.connections.size() == 3);
  CHECK(s.connections[0].username == "admin");
  CHECK(s.connections[1].username == "netops");
  CHECK(s.connections[1].candidates == std::vector<std::size_t>{3});
  CHECK(s.connections[2].username == "jdoe");
  CHECK(attest::ssh::scheduled_requests(s) == 1 + 2 + 2 + 2);
}

TEST_CASE("without room on the login connection, the login user's candidates get their own") {
  using attest::ssh::LoginConnection;
  const LoginConnection login{"netops", 2};
  const auto s = schedule_probes({{"netops", false}}, 20, 2, &login);  // MaxAuthTries 2: none + login only
  CHECK(s.before_login.empty());
  REQUIRE(s.connections.size() == 1);
  const auto tight = schedule_probes({{"netops", false}, {"netops", false}}, 1, 4, &login);  // budget: one more
  CHECK(tight.before_login.size() == 1);
  CHECK(tight.left_out == std::vector<std::size_t>{1});
}
