// The gate end to end: libssh2 collector -> attest-lab (libssh server) ->
// evaluators. Each planted fault must be found with the right check id.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

#include "attest/engine/report.hpp"
#include "attest/ssh/collector.hpp"
#include "lab_fixture.hpp"

using namespace attest;
using attest::testing::lab_run;

namespace {

const DeviceResult& result(const std::string& name) {
  const auto& results = lab_run().results;
  const auto it = results.find(name);
  REQUIRE_MESSAGE(it != results.end(), "no result for " << name);
  return it->second;
}

const Finding& finding(const std::string& device, const std::string& check_id) {
  for (const auto& f : result(device).assessment.findings)
    if (f.check == check_id) return f;
  FAIL("no " << check_id << " finding for " << device);
  static Finding none;
  return none;
}

int lab_counter(const std::string& device, const char* counter) {
  return lab_run().stats.at("devices").at(device).at(counter).get<int>();
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("a clean exec-mode switch passes with every factory default and retired credential refused") {
  const auto& r = result("clean-eos");
  CHECK_MESSAGE(r.assessment.verdict == Verdict::pass, r.assessment.findings.front().detail);
  CHECK(finding("clean-eos", check::kDefaultCredentials).status == CheckStatus::pass);
  CHECK(finding("clean-eos", check::kRetiredCredentials).status == CheckStatus::pass);
  REQUIRE(r.assessment.facts);
  CHECK(r.assessment.facts->version == "4.30.1F");
  // login + factory defaults + 2 retired (one connection per username), all
  // seen by the lab, none beyond the budget
  const int made = static_cast<int>(std::count_if(r.evidence.attempts.begin(), r.evidence.attempts.end(), [](const AuthAttempt& a) {
    return a.outcome != AttemptOutcome::not_tried;
  }));
  CHECK(lab_counter("clean-eos", "auth_attempts") == made);
  CHECK(made <= kDefaultAttemptBudget);
}

TEST_CASE("a Junos root login lands in the Unix shell and the gate switches to the CLI") {
  const auto& r = result("junos-root");
  CHECK_MESSAGE(r.assessment.verdict == Verdict::pass, r.assessment.facts_error);
  REQUIRE(r.assessment.facts);
  CHECK(r.assessment.facts->serial == "PE0000000002");
  CHECK(r.assessment.facts->version == "22.4R3-S2");
}

TEST_CASE("a shell-mode Cisco switch with paging on is read completely") {
  const auto& r = result("iosxe-paging");
  CHECK_MESSAGE(r.assessment.verdict == Verdict::pass, r.assessment.facts_error);
  REQUIRE(r.assessment.facts);
  CHECK(r.assessment.facts->model == "C9300-48P");
}

TEST_CASE("a login with an ed25519 private key works and is recorded as publickey") {
  const auto& r = result("key-login");
  CHECK_MESSAGE(r.assessment.verdict == Verdict::pass, r.assessment.facts_error);
  const auto login = std::find_if(r.evidence.attempts.begin(), r.evidence.attempts.end(), [](const AuthAttempt& a) {
    return a.origin == AttemptOrigin::login && a.method != "none";  // after the method query
  });
  REQUIRE(login != r.evidence.attempts.end());
  CHECK(login->method == "publickey");
  CHECK(login->outcome == AttemptOutcome::accepted);
}

TEST_CASE("a device that accepts TCP but never speaks is an error, not a hang") {
  CHECK(result("hang").assessment.verdict == Verdict::error);
  CHECK(finding("hang", check::kReachability).status == CheckStatus::error);
  CHECK(contains(finding("hang", check::kReachability).detail, "timed out"));
}

TEST_CASE("collecting a device that never sends a banner returns by its connect deadline") {
  // A listener that completes TCP handshakes (the kernel's backlog does) but never writes.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(0x7f4f0101);  // 127.79.1.1
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::listen(fd, 4) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);

  CollectRequest req;
  req.device = result("hang").device;
  req.device.address = "127.79.1.1";
  req.device.port = ntohs(addr.sin_port);
  req.device.timeouts.connect = Millis(800);
  static const Profile profile{"generic-linux", "", "dotted", ChannelMode::exec, {}, {"true"}, "", "", nullptr};
  req.profile = &profile;
  const auto t0 = SteadyClock::now();
  const auto ev = collect_device(req);
  const auto took = std::chrono::duration_cast<Millis>(SteadyClock::now() - t0);
  ::close(fd);
  REQUIRE(ev.connect_error);
  CHECK(ev.connect_error->kind == ErrorKind::timeout);
  CHECK(took >= Millis(700));         // it did wait for the banner...
  CHECK(took < Millis(800 + 2000));   // ...and gave up at its deadline (generous slack: behaviour, not speed)
}

TEST_CASE("a refused connection is a reachability error") {
  CHECK(result("refuse").assessment.verdict == Verdict::error);
  CHECK(finding("refuse", check::kReachability).status == CheckStatus::error);
}

TEST_CASE("endless output is cut by the size cap or the command deadline and blocks the device") {
  const auto& r = result("flood");
  CHECK(r.assessment.verdict == Verdict::error);
  const auto& id = finding("flood", check::kIdentity);
  CHECK(id.status == CheckStatus::error);
  CHECK((contains(id.detail, "cap") || contains(id.detail, "timed out")));
  for (const auto& c : r.evidence.commands) CHECK(c.output.size() <= kMaxCommandOutput);
}

TEST_CASE("garbage output is not understood and blocks the device as error") {
  CHECK(result("garbage").assessment.verdict == Verdict::error);
  CHECK(finding("garbage", check::kIdentity).status == CheckStatus::error);
}

TEST_CASE("a connection dropped mid-command blocks the device as error") {
  CHECK(result("drop").assessment.verdict == Verdict::error);
  CHECK(finding("drop", check::kFirmwareVersion).status == CheckStatus::error);
}

TEST_CASE("a command that never completes times out") {
  CHECK(result("silent").assessment.verdict == Verdict::error);
  CHECK(contains(finding("silent", check::kIdentity).detail, "timed out"));
}

TEST_CASE("the attempt budget is never exceeded and what did not fit is reported, not guessed") {
  CHECK(lab_counter("tight-budget", "auth_attempts") <= 3);
  CHECK(lab_counter("tight-budget", "max_auth_attempts_in_one_connection") <= 1);
  CHECK(result("tight-budget").assessment.verdict == Verdict::error);
  CHECK(contains(finding("tight-budget", check::kRetiredCredentials).detail, "budget"));
}

TEST_CASE("no device saw more authentication attempts than its budget") {
  for (const auto& [device, r] : lab_run().results) {
    const std::string& name = device;  // a variable, not a binding: CHECK_MESSAGE's lambda takes it (clang 14)
    if (!lab_run().stats.at("devices").contains(name)) continue;
    CHECK_MESSAGE(lab_counter(name, "auth_attempts") <= r.evidence.attempt_budget, name);
  }
}

TEST_CASE("an empty factory password that still works fails default-credentials") {
  CHECK(result("default-open").assessment.verdict == Verdict::fail);
  const auto& f = finding("default-open", check::kDefaultCredentials);
  CHECK(f.status == CheckStatus::fail);
  CHECK(contains(f.detail, "admin"));
  CHECK(lab_counter("default-open", "max_auth_attempts_in_one_connection") <= 2);
}

TEST_CASE("no secret value appears anywhere in the report") {
  RunReport report;
  for (const auto& [name, r] : lab_run().results) report.devices.push_back(r);
  const std::string text = report_to_json(report).dump() + render_table(report);
  for (const auto& entry : lab_run().secrets.credentials) {
    const std::string& id = entry.first;
    if (entry.second.password) CHECK_MESSAGE(!contains(text, *entry.second.password), id);
  }
  for (const auto& r : lab_run().secrets.retired) CHECK_MESSAGE(!contains(text, r.password), r.id);
}
