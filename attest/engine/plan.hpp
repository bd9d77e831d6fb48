// Which credential candidates to try on a device, within its attempt budget.
// Pure: from the inventory entry, the DB's credential policy and the retired
// list. Candidates beyond the budget are listed, not tried: the evaluator
// then blocks the device as "error" (fail closed) instead of guessing.
#pragma once

#include <vector>

#include "attest/core/evidence.hpp"
#include "attest/core/golden.hpp"
#include "attest/core/inventory.hpp"
#include "attest/core/secrets.hpp"
#include "attest/ssh/collector.hpp"

namespace attest {

struct CredentialPlan {
  int attempt_budget = kDefaultAttemptBudget;  // login included; earlier runs' failures taken off
  int earlier_failures = 0;                    // what the journal took off
  int max_auth_per_connection = kDefaultMaxAuthPerConnection;
  std::vector<CredentialProbe> probes;         // to try, in order
  std::vector<AuthAttempt> over_budget;        // not tried, outcome not_tried
};

// Budget: the device's own setting, else the profile's in the DB, else
// kDefaultAttemptBudget; likewise the per-connection limit. The login's
// requests (login_auth_requests) are reserved first; candidates of
// `login_username` ("" for none) go on the login connection before its
// credential as far as its per-connection room allows; the rest is cut into
// one-username connections by ssh::schedule_probes.
// Factory defaults come before retired credentials: they are what a new
// device is most likely to still accept.
// `earlier_failures`: failed requests earlier runs sent to the device that
// it still remembers (the attempt journal, inside the profile's lockout
// window); they come off the budget first, so that runs in one night add up
// to at most one budget.
CredentialPlan plan_credentials(const Device& device, const CredentialPolicy* policy,
                                const std::vector<RetiredCredential>& retired, const std::string& login_username = "",
                                int earlier_failures = 0);

}  // namespace attest
