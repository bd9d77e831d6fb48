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

namespace attest::ssh {
namespace {

// Candidate indices grouped by username, groups in order of first
// appearance, a none-auth candidate moved to the front of its group.
std::vector<std::vector<std::size_t>> group_by_username(const std::vector<ProbeKey>& candidates) {
  std::vector<std::vector<std::size_t>> groups;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const auto found = std::find(names.begin(), names.end(), candidates[i].username);
    if (found == names.end()) {
      names.push_back(candidates[i].username);
      groups.push_back({i});
    } else {
      groups[static_cast<std::size_t>(found - names.begin())].push_back(i);
    }
  }
  for (auto& g : groups) {
    std::stable_partition(g.begin(), g.end(), [&](std::size_t i) { return candidates[i].none_auth; });
  }
  return groups;
}

// Fills one connection from the front of `pending`; `left` is what remains
// of the budget. Returns false when not even one candidate fits.
bool fill_connection(const std::vector<ProbeKey>& candidates, std::vector<std::size_t>& pending, int& left,
                     int max_per_connection, ProbeConnection& c) {
  c.opens_with_query = max_per_connection >= 2;
  int cost = c.opens_with_query ? 1 : 0;
  std::size_t taken = 0;
  for (; taken < pending.size(); ++taken) {
    const bool answered_by_query = candidates[pending[taken]].none_auth && c.opens_with_query;
    if (answered_by_query) {
      c.candidates.push_back(pending[taken]);
      continue;
    }
    if (cost + 1 > max_per_connection || cost + 1 > left) break;
    ++cost;
    c.candidates.push_back(pending[taken]);
  }
  if (c.candidates.empty() || cost > left) {
    c.candidates.clear();
    return false;
  }
  c.requests = cost;
  left -= cost;
  pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(taken));
  return true;
}

// Moves from the front of `pending` what fits on the login connection
// before the credential: free none-auth candidates when the login opens
// with its query, then one request each within the connection's room.
void fill_login(const std::vector<ProbeKey>& candidates, std::vector<std::size_t>& pending, int& left,
                int max_per_connection, const LoginConnection& login, ProbeSchedule& out) {
  const bool opens_with_query = login.requests >= 2;
  int room = max_per_connection - login.requests;
  std::size_t taken = 0;
  for (; taken < pending.size(); ++taken) {
    if (candidates[pending[taken]].none_auth && opens_with_query) {
      out.before_login.push_back(pending[taken]);
      continue;
    }
    if (room < 1 || left < 1) break;
    --room;
    --left;
    ++out.before_login_requests;
    out.before_login.push_back(pending[taken]);
  }
  pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(taken));
}

}  // namespace

ProbeSchedule schedule_probes(const std::vector<ProbeKey>& candidates, int budget, int max_per_connection,
                              const LoginConnection* login) {
  ProbeSchedule out;
  int left = std::max(budget, 0);
  max_per_connection = std::max(max_per_connection, 1);
  for (auto& pending : group_by_username(candidates)) {
    if (login != nullptr && candidates[pending.front()].username == login->username) {
      fill_login(candidates, pending, left, max_per_connection, *login, out);
      if (pending.empty()) continue;
    }
    while (!pending.empty()) {
      ProbeConnection c;
      c.username = candidates[pending.front()].username;
      if (!fill_connection(candidates, pending, left, max_per_connection, c)) {
        out.left_out.insert(out.left_out.end(), pending.begin(), pending.end());
        break;
      }
      out.connections.push_back(std::move(c));
    }
  }
  std::sort(out.left_out.begin(), out.left_out.end());
  return out;
}

int scheduled_requests(const ProbeSchedule& schedule) {
  int n = 0;
  n += schedule.before_login_requests;
  for (const auto& c : schedule.connections) n += c.requests;
  return n;
}

}  // namespace attest::ssh
