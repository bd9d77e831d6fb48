// The attempt budget, pure: counts every authentication request sent to a
// device and decides when the next one needs a fresh connection. The
// collector asks before each request and reports what happened; no I/O here.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

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

  // The current connection may carry another request.
  bool usable() const { return usable_; }
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

// What the schedule needs to know of one credential candidate.
struct ProbeKey {
  std::string username;
  bool none_auth = false;  // answered by a "none" request itself
};

// One connection of credential probing. Servers drop a connection whose
// client changes username (RFC 4252 §5 allows it; OpenSSH, dropbear and
// paramiko do it), so each connection carries one username. It opens with a
// "none" request for that username, which learns the methods offered to
// *that* user (OpenSSH `Match User` can differ per user) and is itself the
// answer to a none-auth candidate; with a per-connection limit of 1 there is
// no room for it.
struct ProbeConnection {
  std::string username;
  bool opens_with_query = true;
  std::vector<std::size_t> candidates;  // indices into the candidate list, in the order sent
  int requests = 0;                     // authentication requests it may send, the query included
};

// The site login's own connection. Candidates of the login's username can
// go on it before the login credential, in the room its per-connection
// limit leaves: one handshake per device fewer (a retired password of the
// login user is the common case). `requests` is what the login itself
// sends: its "none" query (when it opens with one) and the credential.
struct LoginConnection {
  std::string username;
  int requests = 2;
};

struct ProbeSchedule {
  // Candidates sent on the login connection before the credential, in
  // order (a none-auth one is answered by the login's own "none" query).
  std::vector<std::size_t> before_login;
  int before_login_requests = 0;  // of those, the ones that cost a request
  std::vector<ProbeConnection> connections;
  std::vector<std::size_t> left_out;  // do not fit the budget: listed as not tried
};

// Pure: groups `candidates` by username (in order of first appearance; a
// none-auth candidate first in its group, since the opening query answers
// it), and cuts connections of at most `max_per_connection` requests while
// the total stays within `budget`. A connection is only opened when at least
// one candidate fits on it. Requests are counted the way the strictest
// server counts them: every request, "none" queries included.
// With `login`, candidates of its username go first on the login connection
// (`budget` is then what is left after the login's own requests).
ProbeSchedule schedule_probes(const std::vector<ProbeKey>& candidates, int budget, int max_per_connection,
                              const LoginConnection* login = nullptr);

// The requests a schedule may send (the sum over its connections and the
// candidates before the login; the login's own requests not included).
int scheduled_requests(const ProbeSchedule& schedule);

}  // namespace attest::ssh
