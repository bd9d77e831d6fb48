#include <doctest/doctest.h>

#include "attest/redfish/lockout.hpp"

using namespace attest;
using namespace attest::redfish;

namespace {

RedfishLockout declared(int threshold, int reset_after) {
  RedfishLockout l;
  l.threshold = threshold;
  l.reset_after_s = reset_after;
  return l;
}

}  // namespace

TEST_CASE("the room stays one below the threshold, minus the failures it remembers, within the budget") {
  struct Case {
    int budget, threshold, earlier, now, want;
  };
  for (const Case c : {Case{10, 5, 0, 0, 4}, Case{10, 5, 2, 1, 1}, Case{10, 5, 3, 1, 0}, Case{10, 3, 4, 0, 0},
                       Case{2, 10, 0, 0, 2}, Case{6, 0, 5, 0, 6}}) {
    CAPTURE(c.budget);
    CAPTURE(c.threshold);
    CAPTURE(c.earlier);
    CHECK(lockout_room(c.budget, declared(c.threshold, 60), c.earlier, 3600, c.now).requests == c.want);
  }
  CHECK(lockout_room(10, declared(5, 60), 0, 3600, 0).reason ==
        "AccountLockoutThreshold 5 with 0 failure(s) inside its 60 s counter window leaves 4 below the threshold");
  CHECK(lockout_room(2, declared(10, 60), 0, 3600, 0).reason == "the attempt budget leaves 2");
}

TEST_CASE("an unknown lockout leaves no room") {
  CHECK(lockout_room(8, RedfishLockout{}, 0, 3600, 0).requests == 0);
  RedfishLockout no_reset;
  no_reset.threshold = 5;
  CHECK(lockout_room(8, no_reset, 0, 3600, 0).reason.find("no AccountLockoutCounterResetAfter") != std::string::npos);
  RedfishLockout unreadable;
  unreadable.error = make_error(ErrorKind::auth, "HTTP 401");
  const ProbeRoom r = lockout_room(8, unreadable, 0, 3600, 0);
  CHECK(r.requests == 0);
  CHECK(r.reason.find("AccountService could not be read (HTTP 401)") == 0);
}

TEST_CASE("a counter window longer than the journal's leaves no room") {
  const ProbeRoom r = lockout_room(8, declared(5, 7200), 0, 3600, 0);
  CHECK(r.requests == 0);
  CHECK(r.reason.find("resets after 7200 s, longer than the 3600 s") != std::string::npos);
}
