// 500 attest-lab devices (every profile, exec and shell) checked in one run
// on one event loop, while two busy loops saturate both cores: every device
// gets its verdict, the planted hung device is cut at its own deadline, the
// handshake-rate cap and every attempt budget hold as the lab counts them.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "attest/cli/lab_process.hpp"
#include "attest/config/golden_loader.hpp"
#include "attest/engine/run.hpp"
#include "attest/util/files.hpp"

namespace attest {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kDevices = 500;
constexpr double kHandshakeRate = 300;

struct Template {
  const char* profile;
  json facts;
  const char* user;
  const char* password;
  const char* credential;
};

// Clean devices as the demo's lab has them (inventory/demo/lab.json): approved
// firmware, the site login only.
const std::vector<Template>& templates() {
  static const std::vector<Template> t = {
      {"arista-eos", {{"vendor", "Arista"}, {"model", "DCS-7050SX3-48YC8"}, {"version", "4.30.1F"}}, "netops",
       "Scale-Netops-1", "netops"},
      {"cisco-iosxe", {{"vendor", "Cisco"}, {"model", "C9300-48P"}, {"version", "17.09.04a"}}, "netops",
       "Scale-Netops-1", "netops"},
      {"cisco-nxos", {{"vendor", "Cisco"}, {"model", "N9K-C93180YC-FX"}, {"version", "10.3(4a)"}}, "netops",
       "Scale-Netops-1", "netops"},
      {"juniper-junos", {{"vendor", "Juniper"}, {"model", "ex4300-48t"}, {"version", "22.4R3-S2"}}, "root",
       "Scale-Root-2", "root"},
      {"sonic", {{"vendor", "SONiC"}, {"model", "Accton-AS7326-56X"}, {"version", "202305.1-7995b757b"}}, "netops",
       "Scale-Netops-1", "netops"},
      {"opengear", {{"vendor", "Opengear"}, {"model", "IM7216-2-24E-DAC"}, {"version", "4.13.0"}}, "netops",
       "Scale-Netops-1", "netops"},
      {"generic-linux",
       {{"vendor", "Raritan"}, {"model", "PX3-5190R"}, {"version", "4.2.10"}, {"os_name", "Raritan PX3"}}, "ops",
       "Scale-Ops-3", "ops"},
  };
  return t;
}

std::string name_of(int i) { return "s" + std::to_string(10000 + i).substr(1); }

struct Planted {
  std::vector<Device> devices;
  json spec;
};

Planted plan(const std::string& dir) {
  Planted p;
  p.spec = {{"schema", "attest.lab/v1"}, {"devices", json::array()}};
  for (int i = 0; i <= kDevices; ++i) {
    const bool hang = i == kDevices;
    const Template& t = templates()[static_cast<std::size_t>(i) % templates().size()];
    json facts = t.facts;
    facts["serial"] = "SN" + std::to_string(100000 + i);
    facts["hostname"] = hang ? "hang" : name_of(i);
    json d = {{"name", facts["hostname"]}, {"profile", hang ? "generic-linux" : t.profile},
              {"listen", "127.0.0.1:0"}, {"host_key", dir + "/host.key"}, {"facts", facts},
              {"accounts", {{{"username", t.user}, {"password", t.password}}}}, {"paging", true},
              {"latency_ms", 50}, {"max_auth_per_connection", 3}};
    if (hang) d["fault"] = "hang";
    p.spec["devices"].push_back(d);

    Device dev;
    dev.name = facts["hostname"];
    dev.profile = d["profile"];
    dev.model = facts["model"];
    dev.serial = facts["serial"];
    dev.credential = t.credential;
    dev.rack = "r" + std::to_string(100 + i / 20).substr(1);
    dev.timeouts.connect = Millis(10000);
    dev.timeouts.auth = Millis(10000);
    dev.timeouts.command = Millis(15000);
    dev.timeouts.total = hang ? Millis(3000) : Millis(90000);
    p.devices.push_back(dev);
  }
  return p;
}

void pin(std::vector<Device>& devices, const std::string& ready_path) {
  auto text = read_file(ready_path);
  REQUIRE(text.ok());
  std::map<std::string, json> ready;
  const json doc = json::parse(*text);
  for (const auto& e : doc.at("devices")) ready[e.at("name").get<std::string>()] = e;
  for (auto& d : devices) {
    REQUIRE_MESSAGE(ready.count(d.name) == 1, d.name);
    const json& e = ready.at(d.name);
    d.address = e.at("address");
    d.port = e.at("port");
    d.host_keys = {e.at("host_key_fingerprint").get<std::string>()};
  }
}

Secrets secrets() {
  Secrets s;
  s.credentials["netops"] = LoginCredential{"netops", "netops", "Scale-Netops-1", std::nullopt, std::nullopt};
  s.credentials["root"] = LoginCredential{"root", "root", "Scale-Root-2", std::nullopt, std::nullopt};
  s.credentials["ops"] = LoginCredential{"ops", "ops", "Scale-Ops-3", std::nullopt, std::nullopt};
  s.retired.push_back(RetiredCredential{"old-netops", "netops", "Scale-Retired-4", "rotated"});
  return s;
}

// Busy loops on every core for as long as it lives.
class CpuHog {
 public:
  explicit CpuHog(int n) {
    for (int i = 0; i < n; ++i) {
      const pid_t pid = ::fork();
      if (pid == 0) {
        ::execl("/bin/sh", "sh", "-c", "while :; do :; done", static_cast<char*>(nullptr));
        ::_exit(127);
      }
      if (pid > 0) pids_.push_back(pid);
    }
  }
  ~CpuHog() {
    for (pid_t pid : pids_) ::kill(pid, SIGKILL);
    for (pid_t pid : pids_) ::waitpid(pid, nullptr, 0);
  }
  std::size_t running() const { return pids_.size(); }

 private:
  std::vector<pid_t> pids_;
};

struct ScaleRun {
  std::map<std::string, DeviceResult> results;
  json stats;
};

ScaleRun run_scale() {
  const fs::path dir = fs::path(ATTEST_BINARY_DIR) / "test-runs" / ("scale-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  Planted p = plan(dir.string());
  std::ofstream(dir / "lab.json") << p.spec.dump(1);
  auto db = load_golden_db(std::string(ATTEST_SOURCE_DIR) + "/firmware-db");
  REQUIRE(db.ok());
  cli::LabProcess lab;
  auto started = lab.start(ATTEST_LAB_BINARY, (dir / "lab.json").string(), dir.string(), Millis(120000));
  REQUIRE_MESSAGE(started.ok(), (started.ok() ? "" : started.error().message));
  pin(p.devices, lab.ready_path());

  RunOptions options;
  options.handshake_rate = kHandshakeRate;
  options.threads = 2;  // two event loops sharing the cap and the sessions, as `attest rack` on two cores
  ScaleRun run;
  {
    const CpuHog hog(2);
    REQUIRE(hog.running() == 2);
    for (auto& r : run_devices(p.devices, secrets(), *db, options)) run.results[r.device.name] = std::move(r);
  }
  auto stopped = lab.stop(Millis(20000));
  REQUIRE_MESSAGE(stopped.ok(), (stopped.ok() ? "" : stopped.error().message));
  auto stats = read_file(lab.stats_path());
  REQUIRE(stats.ok());
  run.stats = json::parse(*stats);
  fs::remove_all(dir);
  return run;
}

const ScaleRun& scale_run() {
  static const ScaleRun run = run_scale();
  return run;
}

std::string findings(const DeviceResult& r) {
  std::string out;
  for (const auto& f : r.assessment.findings) {
    if (f.status != CheckStatus::pass) out += f.check + ": " + f.detail + "\n";
  }
  return out;
}

TEST_CASE("500 devices under a saturated CPU: every clean device passes, shell prompts included") {
  const ScaleRun& run = scale_run();
  REQUIRE(run.results.size() == kDevices + 1);
  int passed = 0;
  for (const auto& entry : run.results) {
    const std::string& name = entry.first;  // variables, not bindings: INFO's lambda takes them (clang 14)
    const DeviceResult& r = entry.second;
    if (name == "hang") continue;
    INFO(name << " (" << r.device.profile << "):\n" << findings(r));
    CHECK(r.assessment.verdict == Verdict::pass);
    passed += r.assessment.verdict == Verdict::pass;
  }
  CHECK(passed == kDevices);
}

TEST_CASE("the hung device is cut at its own deadline while the others finish") {
  const DeviceResult& hang = scale_run().results.at("hang");
  CHECK(hang.assessment.verdict == Verdict::error);
  REQUIRE(hang.evidence.connect_error);
  CHECK(hang.evidence.connect_error->kind == ErrorKind::timeout);
  const auto began = parse_rfc3339_utc(hang.evidence.started), ended = parse_rfc3339_utc(hang.evidence.finished);
  REQUIRE((began && ended));
  CHECK(*ended - *began <= 4);  // total deadline 3 s (+ 1 s cleanup, rounding)
}

TEST_CASE("no device sees more auth requests than its budget, nor more per connection than it allows") {
  const json& devices = scale_run().stats.at("devices");
  for (const auto& entry : scale_run().results) {
    const std::string& name = entry.first;  // variables, not bindings: INFO's lambda takes them (clang 14)
    const DeviceResult& r = entry.second;
    if (name == "hang") continue;
    const json& s = devices.at(name);
    INFO(name);
    CHECK(s.at("auth_attempts").get<int>() <= r.evidence.attempt_budget);
    CHECK(s.at("max_auth_attempts_in_one_connection").get<int>() <= 3);
    CHECK(s.at("connections").get<int>() >= 1);
    CHECK(s.at("max_concurrent_connections").get<int>() == 1);  // one connection at a time, probes included
  }
}

TEST_CASE("the handshake-rate cap holds as the lab counts accepted connections") {
  const json& h = scale_run().stats.at("handshakes");
  int connections = 0;
  for (const auto& [name, s] : scale_run().stats.at("devices").items()) connections += s.at("connections").get<int>();
  CHECK(h.at("accepted").get<int>() == connections);
  CHECK(connections > 2 * static_cast<int>(kHandshakeRate));  // the run is long enough to hit the cap
  // attest spaces the connections it starts; with both cores saturated on
  // purpose a fiber wakes tens of ms late and takes its slot late, and the
  // lab counts at accept(): 20% of slack (uncapped, the 1,500 connections
  // arrive within about two seconds). CI measured 332 once against 330.
  CHECK(h.at("max_accepted_per_second").get<double>() <= kHandshakeRate * 1.2);
}

}  // namespace
}  // namespace attest
