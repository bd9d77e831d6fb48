// The attempt budget, pure: counts every authentication request sent to a
// device and decides when the next one needs a fresh connection. The
// collector asks before each request and reports what happened; no I/O here.
#pragma once

namespace attest::ssh {

class AttemptPlan {
 public:
  // `budget`: authentication requests allowed for the whole device.
  // `max_per_connection`: requests allowed on one connection, kept below the
  // server's limit (OpenSSH MaxAuthTries) so it never drops us mid-probe.
  AttemptPlan(int budget, int max_per_connection);

  // True while at least `n` more requests fit in the budget.
  bool can_attempt(int n = 1) const { return spent_ + n <= budget_; }
  // True when the next request must not go on the current connection: there
  // is none, it is authenticated (a session authenticates once), it was
  // dropped, or it carried its share of requests already.
  bool needs_new_connection() const;

  void connected();       // a fresh, unauthenticated connection is up
  void attempted();       // one request was sent (whatever its answer)
  void authenticated();   // the current connection is now logged in
  void dropped();         // the current connection is gone

  int budget() const { return budget_; }
  int spent() const { return spent_; }
  int connection() const { return connection_; }  // 1-based; 0 before any

 private:
  int budget_;
  int max_per_connection_;
  int spent_ = 0;
  int connection_ = 0;
  int on_connection_ = 0;
  bool usable_ = false;
};

}  // namespace attest::ssh
