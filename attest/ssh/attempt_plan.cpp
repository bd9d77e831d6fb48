#include "attest/ssh/attempt_plan.hpp"

#include <algorithm>

namespace attest::ssh {

AttemptPlan::AttemptPlan(int budget, int max_per_connection)
    : budget_(std::max(budget, 0)), max_per_connection_(std::max(max_per_connection, 1)) {}

bool AttemptPlan::needs_new_connection() const { return !usable_ || on_connection_ >= max_per_connection_; }

void AttemptPlan::connected() {
  ++connection_;
  on_connection_ = 0;
  usable_ = true;
}

void AttemptPlan::attempted() {
  ++spent_;
  ++on_connection_;
}

void AttemptPlan::authenticated() { usable_ = false; }

void AttemptPlan::dropped() { usable_ = false; }

}  // namespace attest::ssh
