#include "lab_fixture.hpp"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include <unistd.h>

#include "attest/cli/lab_process.hpp"
#include "attest/config/golden_loader.hpp"
#include "attest/util/files.hpp"

namespace attest::testing {
namespace fs = std::filesystem;
namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw std::runtime_error(what);
}

std::string prepare_run_dir() {
  const fs::path dir = fs::path(ATTEST_BINARY_DIR) / "test-runs" / ("rack-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "keys");
  fs::copy_file(fs::path(ATTEST_SOURCE_DIR) / "tests/integration/rack/lab.json", dir / "lab.json");
  const std::string keygen = "ssh-keygen -q -t ed25519 -N '' -C attest-test -f " + (dir / "keys/ops_ed25519").string();
  require(std::system(keygen.c_str()) == 0, "ssh-keygen failed");
  return dir.string();
}

Device device(const std::string& name, const std::string& profile, const std::string& model,
              const std::string& serial, const std::string& credential) {
  Device d;
  d.name = name;
  d.profile = profile;
  d.model = model;
  d.serial = serial;
  d.credential = credential;
  d.rack = "t01";
  d.timeouts.connect = Millis(1500);
  d.timeouts.auth = Millis(3000);
  d.timeouts.command = Millis(2000);
  d.timeouts.total = Millis(15000);
  return d;
}

std::vector<Device> planned_devices() {
  std::vector<Device> v = {
      device("clean-eos", "arista-eos", "DCS-7050SX3-48YC8", "JPE00000001", "netops"),
      device("junos-root", "juniper-junos", "ex4300-48t", "PE0000000002", "root"),
      device("key-login", "generic-linux", "PowerEdge R660", "SRV0003", "ops-key"),
      device("hang", "generic-linux", "PowerEdge R660", "SRV0004", "ops"),
      device("refuse", "generic-linux", "PowerEdge R660", "SRV0005", "ops"),
      device("flood", "generic-linux", "PowerEdge R660", "SRV0006", "ops"),
      device("garbage", "generic-linux", "PowerEdge R660", "SRV0007", "ops"),
      device("drop", "cisco-iosxe", "C9300-48P", "FOC0000008", "netops"),
      device("silent", "arista-eos", "DCS-7050SX3-48YC8", "JPE00000009", "netops"),
      device("tight-budget", "arista-eos", "DCS-7050SX3-48YC8", "JPE00000010", "netops"),
      device("default-open", "arista-eos", "DCS-7050SX3-48YC8", "JPE00000011", "netops"),
      device("iosxe-paging", "cisco-iosxe", "C9300-48P", "FOC0000012", "netops"),
  };
  for (auto& d : v)
    if (d.name == "tight-budget") d.attempt_budget = 3;
  return v;
}

Secrets test_secrets(const std::string& run_dir) {
  Secrets s;
  s.credentials["netops"] = LoginCredential{"netops", "netops", "Test-Login-Pw-1", std::nullopt, std::nullopt};
  s.credentials["root"] = LoginCredential{"root", "root", "Test-Root-Pw-2", std::nullopt, std::nullopt};
  s.credentials["ops"] = LoginCredential{"ops", "ops", "Test-Ops-Pw-4", std::nullopt, std::nullopt};
  s.credentials["ops-key"] = LoginCredential{"ops-key", "ops", std::nullopt, run_dir + "/keys/ops_ed25519", std::nullopt};
  s.retired.push_back(RetiredCredential{"old-netops", "netops", "Retired-Pw-Never-Print", "rotated"});
  s.retired.push_back(RetiredCredential{"departed", "jdoe", "Departed-Pw-Never-Print", "left"});
  return s;
}

void pin_from_ready_file(std::vector<Device>& devices, const std::string& ready_path) {
  auto text = read_file(ready_path);
  require(text.ok(), "cannot read ready file");
  const auto ready = nlohmann::json::parse(*text);
  for (const auto& entry : ready.at("devices")) {
    for (auto& d : devices) {
      if (d.name != entry.at("name").get<std::string>()) continue;
      d.address = entry.at("address").get<std::string>();
      d.port = entry.at("port").get<std::uint16_t>();
      d.host_keys = {entry.at("host_key_fingerprint").get<std::string>()};
    }
  }
}

LabRun run_once() {
  LabRun run;
  run.run_dir = prepare_run_dir();
  auto db = load_golden_db(std::string(ATTEST_SOURCE_DIR) + "/firmware-db");
  require(db.ok(), db.ok() ? "" : db.error().message);
  cli::LabProcess lab;
  auto started = lab.start(ATTEST_LAB_BINARY, run.run_dir + "/lab.json", run.run_dir, Millis(5000));
  require(started.ok(), started.ok() ? "" : started.error().message);

  std::vector<Device> devices = planned_devices();
  pin_from_ready_file(devices, lab.ready_path());
  run.secrets = test_secrets(run.run_dir);
  RunOptions options;
  options.max_sessions = 32;
  const auto t0 = SteadyClock::now();
  for (auto& r : run_devices(devices, run.secrets, *db, options)) run.results[r.device.name] = std::move(r);
  run.seconds = std::chrono::duration<double>(SteadyClock::now() - t0).count();

  auto stopped = lab.stop();
  require(stopped.ok(), stopped.ok() ? "" : stopped.error().message);
  auto stats = lab.stats();  // written at exit
  require(stats.ok(), "no lab stats");
  run.stats = nlohmann::json::parse(*stats);
  return run;
}

}  // namespace

const LabRun& lab_run() {
  static const LabRun run = run_once();
  return run;
}

}  // namespace attest::testing
