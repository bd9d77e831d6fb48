#include "attest/lab/redfish_lockout.hpp"

namespace attest::lab {

bool AccountLockout::locked(const std::string& user, TimePoint now) const {
  const auto it = states_.find(user);
  return it != states_.end() && now < it->second.locked_until;
}

bool AccountLockout::failed(const std::string& user, TimePoint now) {
  if (spec_.threshold <= 0) return false;
  if (!states_.contains(user) && states_.size() >= kMaxTracked) prune(now);
  if (!states_.contains(user) && states_.size() >= kMaxTracked) return false;
  State& s = states_[user];
  if (now < s.locked_until) return false;
  if (s.failures > 0 && now - s.last_failure > std::chrono::seconds(spec_.reset_after_s)) s.failures = 0;
  ++s.failures;
  s.last_failure = now;
  if (s.failures < spec_.threshold) return false;
  s.failures = 0;
  s.locked_until = now + std::chrono::seconds(spec_.duration_s);
  return true;
}

void AccountLockout::succeeded(const std::string& user) { states_.erase(user); }

// Drops the names that are neither locked nor counting any more.
void AccountLockout::prune(TimePoint now) {
  for (auto it = states_.begin(); it != states_.end();) {
    const State& s = it->second;
    const bool counting = s.failures > 0 && now - s.last_failure <= std::chrono::seconds(spec_.reset_after_s);
    it = (now >= s.locked_until && !counting) ? states_.erase(it) : std::next(it);
  }
}

}  // namespace attest::lab
