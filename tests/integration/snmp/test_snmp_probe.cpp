// The probe against a real snmpd per test, on its own 127.0.0.x address.
#include <doctest/doctest.h>

#include <signal.h>

#include <atomic>

#include "attest/lab/snmpd.hpp"
#include "attest/snmp/probe.hpp"
#include "attest/ssh/reactor.hpp"

using namespace attest;

namespace {

constexpr const char* kAddress = "127.0.0.61";

lab::SnmpSpec agent_spec(std::vector<std::string> communities, bool v1 = true) {
  lab::SnmpSpec s;
  s.communities = std::move(communities);
  s.v1 = v1;
  s.port = 0;
  return s;
}

std::unique_ptr<lab::Snmpd> start_agent(const lab::SnmpSpec& spec) {
  auto agent = lab::Snmpd::start(kAddress, spec, "Lab PDU model X v1.2\nsecond line");
  REQUIRE_MESSAGE(agent, (agent ? "" : agent.error().message));
  return std::move(*agent);
}

snmp::ProbeRequest request(std::uint16_t port, Millis deadline = Millis(2000)) {
  snmp::ProbeRequest r;
  r.address = kAddress;
  r.port = port;
  r.deadline = deadline;
  r.targets = {{"snmp-public", "public", SnmpVersion::v2c}, {"snmp-private", "private", SnmpVersion::v2c},
               {"snmp-private", "private", SnmpVersion::v1}};
  r.budget = 3;
  return r;
}

}  // namespace

TEST_CASE("a community the agent accepts answers sysDescr; the others get no answer") {
  auto agent = start_agent(agent_spec({"private"}));
  const auto results = snmp::probe(request(agent->port()));
  REQUIRE(results.size() == 3);
  CHECK(results[0].outcome == SnmpOutcome::no_answer);
  CHECK(results[1].outcome == SnmpOutcome::answered);
  CHECK(results[1].sys_descr == "Lab PDU model X v1.2 second line");
  CHECK(results[2].outcome == SnmpOutcome::answered);
  CHECK(results[2].version == SnmpVersion::v1);
}

TEST_CASE("an agent that speaks only v2c leaves the v1 request unanswered") {
  auto agent = start_agent(agent_spec({"private"}, false));
  const auto results = snmp::probe(request(agent->port(), Millis(800)));
  CHECK(results[1].outcome == SnmpOutcome::answered);
  CHECK(results[2].outcome == SnmpOutcome::no_answer);
}

TEST_CASE("no agent listening: every community gets no answer, at once on loopback") {
  const auto start = SteadyClock::now();
  const auto results = snmp::probe(request(1, Millis(3000)));
  CHECK(SteadyClock::now() - start < Millis(2000));
  for (const auto& r : results) {
    CHECK(r.outcome == SnmpOutcome::no_answer);
    CHECK(r.detail.find("port unreachable") != std::string::npos);
  }
}

TEST_CASE("an agent that never answers costs each request its deadline, no more") {
  auto agent = start_agent(agent_spec({"public"}));
  REQUIRE(::kill(agent->pid(), SIGSTOP) == 0);
  const auto start = SteadyClock::now();
  const auto results = snmp::probe(request(agent->port(), Millis(300)));
  const auto took = SteadyClock::now() - start;
  CHECK(took >= Millis(900));
  CHECK(took < Millis(1500));
  for (const auto& r : results) {
    CHECK(r.outcome == SnmpOutcome::no_answer);
    CHECK(r.detail == "no answer within 300 ms");
  }
}

TEST_CASE("requests beyond the budget are not sent") {
  auto r = request(1);
  r.budget = 1;
  const auto results = snmp::probe(r);
  CHECK(results[0].outcome == SnmpOutcome::no_answer);
  CHECK(results[1].outcome == SnmpOutcome::not_tried);
  CHECK(results[2].outcome == SnmpOutcome::not_tried);
}

TEST_CASE("on a fiber the probe suspends the fiber, and the loop keeps running others") {
  auto agent = start_agent(agent_spec({"public"}));
  REQUIRE(::kill(agent->pid(), SIGSTOP) == 0);
  ssh::Reactor reactor;
  std::vector<SnmpProbe> results;
  std::atomic<int> ticks{0};
  reactor.spawn([&] { results = snmp::probe(request(agent->port(), Millis(300))); });
  reactor.spawn([&] {
    for (int i = 0; i < 10; ++i) {
      ssh::pause_for(Millis(50));
      ++ticks;
    }
  });
  const auto start = SteadyClock::now();
  reactor.run([] {}, Millis(100));
  CHECK(ticks == 10);
  // Blocking the thread would run the two one after the other: 900 + 500 ms.
  CHECK(SteadyClock::now() - start < Millis(1200));
  REQUIRE(results.size() == 3);
  CHECK(results[0].outcome == SnmpOutcome::no_answer);
}
