#include "attest/redfish/lockout.hpp"

#include <algorithm>

namespace attest::redfish {
namespace {

std::string n(int v) { return std::to_string(v); }

ProbeRoom capped(int budget_left, int room, std::string why) {
  if (budget_left <= room) return {std::max(budget_left, 0), "the attempt budget leaves " + n(std::max(budget_left, 0))};
  return {std::max(room, 0), std::move(why)};
}

}  // namespace

ProbeRoom lockout_room(int budget_left, const RedfishLockout& lockout, int earlier_failures, int journal_window_s,
                       int failures_now) {
  if (lockout.error) return {0, "AccountService could not be read (" + lockout.error->message + "): lockout unknown"};
  if (!lockout.threshold) return {0, "AccountService states no AccountLockoutThreshold: lockout unknown"};
  const int threshold = *lockout.threshold;
  if (threshold == 0) return capped(budget_left, budget_left, "AccountLockoutThreshold 0: the BMC never locks");
  if (!lockout.reset_after_s) {
    return {0, "AccountService states AccountLockoutThreshold " + n(threshold) +
                   " but no AccountLockoutCounterResetAfter: the failures it remembers are unknown"};
  }
  if (*lockout.reset_after_s > journal_window_s) {
    return {0, "the BMC's counter resets after " + n(*lockout.reset_after_s) + " s, longer than the " +
                   n(journal_window_s) + " s the attempt journal counts for this profile: failures it still "
                   "remembers may be missing"};
  }
  const int remembered = earlier_failures + failures_now;
  const int room = threshold - 1 - remembered;
  std::string why = "AccountLockoutThreshold " + n(threshold) + " with " + n(remembered) +
                    " failure(s) inside its " + n(*lockout.reset_after_s) + " s counter window leaves " +
                    n(std::max(room, 0)) + " below the threshold";
  return capped(budget_left, room, std::move(why));
}

}  // namespace attest::redfish
