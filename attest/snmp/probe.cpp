#include "attest/snmp/probe.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "attest/snmp/session.hpp"
#include "attest/ssh/reactor.hpp"

namespace attest::snmp {
namespace {

long millis_since(SteadyClock::time_point start) {
  return static_cast<long>(std::chrono::duration_cast<Millis>(SteadyClock::now() - start).count());
}

SnmpProbe result_for(const Target& t, std::uint16_t port) {
  SnmpProbe p;
  p.community_id = t.community_id;
  p.community = t.community;
  p.version = t.version;
  p.port = port;
  return p;
}

// net-snmp's client socket is not connected, so an ICMP port unreachable
// would be lost and a closed port would cost the whole deadline. Connected
// to the agent, the socket reports it (ECONNREFUSED) at once; sendto() to the
// same peer stays valid on a connected UDP socket.
void connect_to_agent(int fd, const std::string& address, std::uint16_t port) {
  sockaddr_in peer{};
  peer.sin_family = AF_INET;
  peer.sin_port = htons(port);
  if (inet_pton(AF_INET, address.c_str(), &peer.sin_addr) != 1) return;  // not IPv4: the deadline decides
  (void)::connect(fd, reinterpret_cast<const sockaddr*>(&peer), sizeof peer);
}

// The pending socket error, cleared; 0 when none.
int take_socket_error(int fd) {
  int err = 0;
  socklen_t len = sizeof err;
  if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) return errno;
  return err;
}

void fail(SnmpProbe& p, SnmpOutcome outcome, std::string detail) {
  p.outcome = outcome;
  p.detail = std::move(detail);
}

// Waits for the answer to the request just sent, until `until`.
void await_answer(Session& session, SnmpProbe& p, SteadyClock::time_point until, Millis deadline) {
  const int fd = session.fd();
  while (true) {
    if (SteadyClock::now() >= until) {
      return fail(p, SnmpOutcome::no_answer, "no answer within " + std::to_string(deadline.count()) + " ms");
    }
    if (!ssh::wait_ready(fd, POLLIN, until)) return fail(p, SnmpOutcome::error, "waiting for the answer failed");
    if (SteadyClock::now() >= until) continue;  // woken by the deadline
    if (const int err = take_socket_error(fd); err != 0) {
      if (err == ECONNREFUSED) return fail(p, SnmpOutcome::no_answer, "port unreachable (ICMP): no agent listening");
      return fail(p, SnmpOutcome::error, std::string("socket error: ") + std::strerror(err));
    }
    if (Status s = session.read(); !s) return fail(p, SnmpOutcome::error, s.error().message);
    if (session.answer().received) break;
    // Something else arrived (a stray datagram, another request id): keep waiting.
  }
  const Answer& a = session.answer();
  if (a.error_status != 0) {
    // An agent that answers with an error-status still accepted the community.
    p.detail = "answered with error-status " + std::to_string(a.error_status);
  }
  p.outcome = SnmpOutcome::answered;
  p.sys_descr = a.sys_descr;
}

SnmpProbe probe_one(const ProbeRequest& req, const Target& t) {
  SnmpProbe p = result_for(t, req.port);
  const auto start = SteadyClock::now();
  auto session = Session::open(req.address, req.port, t.community, t.version);
  if (!session) {
    fail(p, SnmpOutcome::error, session.error().message);
  } else {
    connect_to_agent(session->fd(), req.address, req.port);
    if (Status sent = session->send_get_sys_descr(); !sent) fail(p, SnmpOutcome::error, sent.error().message);
    else await_answer(*session, p, start + req.deadline, req.deadline);
  }
  p.elapsed_ms = millis_since(start);
  return p;
}

bool cancelled(const std::atomic<bool>* cancel) { return cancel != nullptr && cancel->load(); }

}  // namespace

const char* to_string(SnmpVersion version) { return version == SnmpVersion::v1 ? "v1" : "v2c"; }

const char* to_string(SnmpOutcome outcome) {
  switch (outcome) {
    case SnmpOutcome::answered: return "answered";
    case SnmpOutcome::no_answer: return "timeout";
    case SnmpOutcome::error: return "error";
    case SnmpOutcome::not_tried: return "not-tried";
  }
  return "error";
}

ProbeRequest plan_probe(const Device& device, const SnmpPolicy& policy) {
  ProbeRequest req;
  req.address = device.address;
  req.port = device.snmp_port.value_or(policy.port);
  req.deadline = device.timeouts.connect;
  for (const auto& c : policy.communities) {
    if (policy.v2c) req.targets.push_back({c.id, c.community, SnmpVersion::v2c});
    if (policy.v1) req.targets.push_back({c.id, c.community, SnmpVersion::v1});
  }
  req.budget = policy.attempt_budget > 0 ? policy.attempt_budget : static_cast<int>(req.targets.size());
  return req;
}

std::vector<SnmpProbe> probe(const ProbeRequest& req) {
  std::vector<SnmpProbe> out;
  int sent = 0;
  for (const auto& t : req.targets) {
    if (sent >= req.budget || cancelled(req.cancel)) {
      SnmpProbe p = result_for(t, req.port);
      p.detail = sent >= req.budget ? "beyond the SNMP attempt budget" : "run interrupted";
      out.push_back(std::move(p));
      continue;
    }
    ++sent;
    out.push_back(probe_one(req, t));
  }
  return out;
}

}  // namespace attest::snmp
