// run_devices against a fake collector whose devices send hostile text, throw,
// or hang past a cancel: no device can cost another its verdict, or the report.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "attest/engine/report.hpp"
#include "attest/engine/run.hpp"
#include "attest/ssh/reactor.hpp"
#include "attest/util/text.hpp"

using namespace attest;

namespace {

// Invalid UTF-8, a CSI colour, an OSC 8 hyperlink, a C1 CSI, a bidi override
// and isolate, a NUL, a lone ESC: every way a byte can hurt a reader.
const std::string kEvil = std::string("\xff\xc0\xaf ok \x1b[31mred\x1b[0m \x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\ ") +
                          "\xc2\x9b" "2J \u202Eevil\u202C \u2066iso\u2069 " + std::string("nul\0nul", 7) + " \x1b";

Device device(const std::string& name) {
  Device d;
  d.name = name, d.profile = "arista-eos", d.model = "DCS-7050SX3-48YC8", d.serial = "JPE123";
  d.address = "127.0.0.1", d.rack = "r1", d.host_keys = {"SHA256:pinnedpinnedpinnedpinnedpinnedpinnedpinne"};
  return d;
}

// The one model the devices report, approved at the version they run.
GoldenDb golden() {
  GoldenDb db;
  auto& p = db.firmware.emplace_back();
  p.vendor = "Arista", p.model = "DCS-7050SX3-48YC8", p.profile = p.scheme = "arista-eos";
  p.approved = {"4.30.1F"}, p.source = "arista.json#/models/0";
  db.credentials["arista-eos"] = CredentialPolicy{"arista-eos", "defaults.json#/profiles/arista-eos", {}, std::nullopt, std::nullopt, std::nullopt, ""};
  return db;
}

DeviceEvidence clean_evidence(const CollectRequest& req, const std::string& show_version) {
  DeviceEvidence ev;
  ev.device = req.device.name;
  ev.host_key_type = "ssh-ed25519";
  ev.host_key_fingerprint = req.device.host_keys.front();
  ev.host_key_matches_pin = true;
  ev.attempt_budget = 6;
  ev.commands.push_back(CommandRecord{"show version | json", show_version, "digest-of-raw-bytes", show_version.size(),
                                      "", "", std::nullopt});
  ev.attempts.push_back(AuthAttempt{AttemptOrigin::login, "netops", "netops", "password", AttemptOutcome::accepted, "", 1});
  return ev;
}

const std::string kGoodVersion = R"({"modelName": "DCS-7050SX3-48YC8", "serialNumber": "JPE123", "version": "4.30.1F"})";

// Every device-controlled string of the evidence set to kEvil.
DeviceEvidence hostile_evidence(const CollectRequest& req) {
  DeviceEvidence ev = clean_evidence(req, R"({"modelName": "\u001b]8;;x\u001b\\M\u202e", "serialNumber": ")" + kEvil +
                                              R"(", "version": "4.30.1F"})");
  ev.host_key_type = ev.host_key_fingerprint = kEvil;
  ev.connect_error = make_error(ErrorKind::protocol, kEvil);
  ev.login_error = make_error(ErrorKind::auth, kEvil);
  ev.session_error = make_error(ErrorKind::protocol, kEvil);
  ev.commands.push_back(CommandRecord{kEvil, kEvil, "raw", kEvil.size(), kEvil, kEvil, make_error(ErrorKind::parse, kEvil)});
  ev.attempts.push_back(AuthAttempt{AttemptOrigin::retired, kEvil, kEvil, kEvil, AttemptOutcome::error, kEvil, 2});
  ev.ssh.banner = ev.ssh.host_key_type = ev.ssh.refused_by_policy = kEvil;
  KexInitLists offered;
  offered.kex = offered.host_key = offered.cipher_c2s = offered.mac_s2c = offered.languages_c2s = {kEvil, "curve25519-sha256"};
  ev.ssh.offered = offered;
  ev.ssh.negotiated = NegotiatedAlgorithms{kEvil, kEvil, kEvil, kEvil, kEvil, kEvil, kEvil, kEvil};
  ev.exposure.push_back(PortProbe{kEvil, 23, PortState::open, kEvil});
  return ev;
}

RunOptions with_collector(Collector c) {
  RunOptions o;
  o.max_sessions = 4;
  o.collector = std::move(c);
  return o;
}

DeviceEvidence by_name(const CollectRequest& req) {
  if (req.device.name == "evil") return hostile_evidence(req);
  if (req.device.name == "boom") throw std::runtime_error("parser blew up");
  return clean_evidence(req, kGoodVersion);
}

const DeviceResult& result(const std::vector<DeviceResult>& results, const std::string& name) {
  for (const auto& r : results)
    if (r.device.name == name) return r;
  FAIL("no result for " << name);
  static DeviceResult none;
  return none;
}

// Nothing a terminal acts on: C0 controls but LF, DEL, C1, bidi overrides/isolates.
bool terminal_safe(const std::string& s) {
  if (!is_valid_utf8(s)) return false;
  for (const char* bad : {"\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069"})
    if (s.find(bad) != std::string::npos) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\n') || c == 0x7F) return false;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9F) return false;
  }
  return true;
}

RunReport report_of(std::vector<DeviceResult> results) {
  RunReport report;
  report.devices = std::move(results);
  return report;
}

}  // namespace

TEST_CASE("the fake's clean device passes, so the hostile tests below can tell a lost verdict") {
  const auto results = run_devices({device("sw1")}, Secrets{}, golden(), with_collector(by_name));
  CHECK(results.at(0).assessment.verdict == Verdict::pass);
}

TEST_CASE("hostile text in every evidence field still gives a report that serializes as valid UTF-8") {
  const auto results = run_devices({device("sw1"), device("evil"), device("sw2")}, Secrets{}, golden(),
                                   with_collector(by_name));
  const std::string text = report_text(report_to_json(report_of(results)));
  CHECK(is_valid_utf8(text));
  CHECK(text.find("\"name\": \"evil\"") != std::string::npos);
  CHECK(result(results, "sw1").assessment.verdict == Verdict::pass);
  CHECK(result(results, "sw2").assessment.verdict == Verdict::pass);
  CHECK(result(results, "evil").assessment.verdict != Verdict::pass);
}

TEST_CASE("every device-controlled string is valid UTF-8 after the evidence boundary") {
  const auto results = run_devices({device("evil")}, Secrets{}, golden(), with_collector(by_name));
  const DeviceEvidence& ev = results.at(0).evidence;
  const auto& cmd = ev.commands.at(1);
  for (const std::string* s : {&ev.host_key_type, &ev.host_key_fingerprint, &ev.connect_error->message,
                               &ev.login_error->message, &ev.session_error->message, &cmd.command, &cmd.output,
                               &cmd.started, &cmd.error->message, &ev.attempts.at(1).detail,
                               &ev.attempts.at(1).username, &ev.attempts.at(1).credential_id, &ev.ssh.banner,
                               &ev.ssh.offered->kex.at(0), &ev.ssh.offered->languages_c2s.at(0),
                               &ev.ssh.negotiated->mac_s2c, &ev.ssh.refused_by_policy, &ev.exposure.at(0).detail,
                               &ev.exposure.at(0).service}) {
    CHECK(is_valid_utf8(*s));
    CHECK(s->find("\ufffd") != std::string::npos);
  }
  CHECK(cmd.sha256 == "raw");  // the collector's digest of the exact bytes is kept
  CHECK(cmd.size == kEvil.size());
}

TEST_CASE("the table shows no control, escape or bidi character from a hostile device") {
  const auto results = run_devices({device("sw1"), device("evil")}, Secrets{}, golden(), with_collector(by_name));
  const std::string table = render_table(report_of(results));
  CHECK(terminal_safe(table));
  CHECK(table.find("https://evil.example/") == std::string::npos);  // the OSC 8 target is gone whole
  CHECK(table.find("sw1") != std::string::npos);
}

TEST_CASE("a collector that throws gives that device an internal error and the others pass") {
  const auto results = run_devices({device("sw1"), device("boom"), device("sw2")}, Secrets{}, golden(),
                                   with_collector(by_name));
  const DeviceResult& boom = result(results, "boom");
  CHECK(boom.assessment.verdict == Verdict::error);
  REQUIRE(boom.assessment.findings.size() == 1);
  CHECK(boom.assessment.findings[0].detail == "internal error: parser blew up");
  CHECK(result(results, "sw1").assessment.verdict == Verdict::pass);
  CHECK(result(results, "sw2").assessment.verdict == Verdict::pass);
}

TEST_CASE("a progress callback that throws costs no verdict") {
  RunOptions o = with_collector(by_name);
  o.progress = [](const DeviceResult&, std::size_t, std::size_t) { throw std::runtime_error("stderr closed"); };
  const auto results = run_devices({device("sw1"), device("sw2")}, Secrets{}, golden(), o);
  CHECK(result(results, "sw1").assessment.verdict == Verdict::pass);
  CHECK(result(results, "sw2").assessment.verdict == Verdict::pass);
}

TEST_CASE("a run cancelled before it starts contacts no device and marks all interrupted") {
  static std::atomic<bool> cancel{true};
  static std::atomic<int> calls{0};
  RunOptions o = with_collector([](const CollectRequest& req) { ++calls; return by_name(req); });
  o.cancel = &cancel;
  const auto results = run_devices({device("sw1"), device("sw2")}, Secrets{}, golden(), o);
  CHECK(calls == 0);
  CHECK(any_interrupted(results));
  for (const auto& r : results) {
    CHECK(r.interrupted);
    CHECK(r.assessment.verdict == Verdict::error);
    CHECK(r.assessment.findings.at(0).detail == kInterruptedDetail);
  }
}

TEST_CASE("a cancel during a hanging collection returns within the grace, finished devices keep their verdicts") {
  // A collector that ignores the cancel and every deadline: the run leaves
  // it once the grace and kAbandonAfter have passed.
  static std::atomic<bool> cancel{false};
  static bool saw_cancel = false;
  static int spins_after_expiry = 0;
  RunOptions o = with_collector([](const CollectRequest& req) {
    if (req.device.name != "hang") return by_name(req);
    for (;;) {
      const auto before = std::chrono::steady_clock::now();
      ssh::pause_for(std::chrono::milliseconds(5));
      if (req.cancel && req.cancel->load()) saw_cancel = true;
      if (std::chrono::steady_clock::now() - before < std::chrono::milliseconds(1)) ++spins_after_expiry;
    }
    return by_name(req);
  });
  o.cancel = &cancel;
  o.progress = [](const DeviceResult&, std::size_t done, std::size_t) {
    if (done == 2) cancel = true;  // the fast devices are in
  };
  const auto t0 = std::chrono::steady_clock::now();
  const auto results = run_devices({device("sw1"), device("hang"), device("sw2")}, Secrets{}, golden(), o);
  const auto took = std::chrono::steady_clock::now() - t0;
  CHECK(took >= kCancelGrace);
  CHECK(took < kCancelGrace + ssh::kAbandonAfter + std::chrono::seconds(1));
  CHECK(result(results, "sw1").assessment.verdict == Verdict::pass);
  CHECK(result(results, "sw2").assessment.verdict == Verdict::pass);
  CHECK(result(results, "hang").interrupted);
  CHECK_FALSE(result(results, "sw1").interrupted);
  CHECK(saw_cancel);               // the collector was handed the run's cancel flag
  CHECK(spins_after_expiry > 0);   // after the grace its waits returned at once
}

TEST_CASE("devices wait on one event loop: a slow device does not hold the others back") {
  // Each fake device takes 300 ms of waiting; on one thread, 20 of them in
  // flight at once finish in about 300 ms, not 6 s.
  RunOptions o = with_collector([](const CollectRequest& req) {
    ssh::pause_for(std::chrono::milliseconds(req.device.name == "slow" ? 2000 : 300));
    return by_name(req);
  });
  o.max_sessions = 21;
  std::vector<Device> devices{device("slow")};
  for (int i = 0; i < 20; ++i) devices.push_back(device("sw" + std::to_string(i)));
  std::vector<std::string> order;
  o.progress = [&order](const DeviceResult& r, std::size_t, std::size_t) { order.push_back(r.device.name); };
  const auto t0 = std::chrono::steady_clock::now();
  const auto results = run_devices(devices, Secrets{}, golden(), o);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::milliseconds(2600));
  REQUIRE(order.size() == 21);
  CHECK(order.back() == "slow");  // finished last although it started first
  for (const auto& r : results) CHECK(r.assessment.verdict == Verdict::pass);
}

TEST_CASE("at most max_sessions devices are in flight, and the activity view sees them") {
  static int in_flight = 0, most = 0;
  RunOptions o = with_collector([](const CollectRequest& req) {
    most = std::max(most, ++in_flight);
    if (req.activity) req.activity("command 'show version'");
    ssh::pause_for(std::chrono::milliseconds(60));
    --in_flight;
    return by_name(req);
  });
  o.max_sessions = 3;
  o.activity_interval = std::chrono::milliseconds(20);
  std::size_t seen_in_flight = 0, last_done = 0;
  std::string waiting_on;
  o.activity = [&](const RunActivity& a) {
    seen_in_flight = std::max(seen_in_flight, a.in_flight.size());
    if (!a.in_flight.empty()) waiting_on = a.in_flight.front().waiting_on;
    last_done = a.done;
    CHECK(a.total == 10);
  };
  std::vector<Device> devices;
  for (int i = 0; i < 10; ++i) devices.push_back(device("sw" + std::to_string(i)));
  run_devices(devices, Secrets{}, golden(), o);
  CHECK(most == 3);
  CHECK(seen_in_flight == 3);
  CHECK(waiting_on == "command 'show version'");
  CHECK(last_done == 10);  // the final call
}

TEST_CASE("on two event-loop threads every device gets its own verdict, progress counts one at a time") {
  RunOptions o = with_collector([](const CollectRequest& req) {
    if (req.activity) req.activity("login");
    ssh::pause_for(std::chrono::milliseconds(5 + static_cast<int>(req.device.name.size() % 3) * 5));
    if (req.device.name == "sw7") return hostile_evidence(req);
    return by_name(req);
  });
  o.threads = 2;
  o.max_sessions = 8;
  o.activity_interval = std::chrono::milliseconds(5);
  std::vector<std::size_t> done_counts;
  std::size_t most_in_flight = 0;
  o.progress = [&](const DeviceResult&, std::size_t done, std::size_t) { done_counts.push_back(done); };
  o.activity = [&](const RunActivity& a) { most_in_flight = std::max(most_in_flight, a.in_flight.size()); };
  std::vector<Device> devices;
  for (int i = 0; i < 40; ++i) devices.push_back(device("sw" + std::to_string(i)));
  const auto results = run_devices(devices, Secrets{}, golden(), o);
  REQUIRE(results.size() == 40);
  for (std::size_t i = 0; i < results.size(); ++i) {
    CHECK(results[i].device.name == devices[i].name);  // inventory order, whatever finished first
    CHECK(results[i].evidence.device == devices[i].name);
    // The one hostile device is blocked; no other device inherits its evidence.
    CHECK((results[i].assessment.verdict == Verdict::pass) == (devices[i].name != "sw7"));
  }
  REQUIRE(done_counts.size() == 40);
  for (std::size_t k = 0; k < done_counts.size(); ++k) CHECK(done_counts[k] == k + 1);
  CHECK(most_in_flight <= 8);
}

TEST_CASE("a cancelled run's report says partial at the top level, a complete one says not") {
  RunReport report = report_of({});
  CHECK(report_to_json(report)["partial"] == false);
  report.partial = true;
  CHECK(report_to_json(report)["partial"] == true);
}

TEST_CASE("invalid UTF-8 that reaches the report writer anyway is replaced, not thrown") {
  DeviceResult r;
  r.device = device("odd");
  r.assessment.findings.push_back(Finding{check::kIdentity, CheckStatus::fail, "model '\xff\xfe'", {}});
  std::string text;
  CHECK_NOTHROW(text = report_text(report_to_json(report_of({r}))));
  CHECK(is_valid_utf8(text));
  CHECK(text.find("model '\ufffd\ufffd'") != std::string::npos);
}
