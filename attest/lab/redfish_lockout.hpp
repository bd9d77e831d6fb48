// Per-account lockout the way a BMC's AccountService declares it
// (AccountLockoutThreshold, AccountLockoutDuration,
// AccountLockoutCounterResetAfter; DSP0268 AccountService): refused logins
// of one username count while each follows the last within reset_after_s;
// at the threshold the account locks for duration_s, during which every
// login of it is refused, the right password included. A successful login
// resets the count. Pure: the caller passes the time.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <string>

#include "attest/lab/spec.hpp"

namespace attest::lab {

class AccountLockout {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  // Usernames tracked at most: a client spraying names cannot grow the lab.
  static constexpr std::size_t kMaxTracked = 4096;

  explicit AccountLockout(RedfishLockout spec) : spec_(spec) {}

  bool locked(const std::string& user, TimePoint now) const;
  // One refused login of `user` at `now`; true when it locked the account.
  bool failed(const std::string& user, TimePoint now);
  void succeeded(const std::string& user);

 private:
  struct State {
    int failures = 0;
    TimePoint last_failure{};
    TimePoint locked_until{};
  };
  void prune(TimePoint now);

  RedfishLockout spec_;
  std::map<std::string, State> states_;
};

}  // namespace attest::lab
