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
