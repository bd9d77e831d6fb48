// How many default-credential requests a BMC can take without locking an
// account: pure arithmetic over what AccountService declares, the attempt
// budget and the failures it still remembers (attempt journal, this run).
#pragma once

#include <string>

#include "attest/core/redfish_evidence.hpp"

namespace attest::redfish {

struct ProbeRoom {
  int requests = 0;    // default-credential requests that may be sent
  std::string reason;  // what limits it, for evidence and findings
};

// `budget_left`: the attempt budget after the journal's failures and the
// login's requests. `earlier_failures`: the journal's failures for the
// device within `journal_window_s`. `failures_now`: failed requests of this
// run so far. The failures stay strictly below the threshold: at most
// threshold - 1 in the counter's window. When the BMC's counter-reset window
// is longer than the journal's, or not stated, the journal may miss
// failures the BMC still counts: no room (fail closed).
ProbeRoom lockout_room(int budget_left, const RedfishLockout& lockout, int earlier_failures, int journal_window_s,
                       int failures_now);

}  // namespace attest::redfish
