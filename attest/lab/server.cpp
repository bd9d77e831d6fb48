#include "attest/lab/server.hpp"

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "attest/lab/acceptor.hpp"
#include "attest/lab/event_loop.hpp"
#include "attest/lab/hub.hpp"
#include "attest/lab/keys.hpp"
#include "attest/lab/redfish_server.hpp"
#include "attest/lab/runtime.hpp"
#include "attest/lab/sudi_device.hpp"
#include "attest/lab/tpm_workers.hpp"
#include "attest/util/files.hpp"

namespace attest::lab {
namespace {

constexpr std::size_t kMaxTpmWorkers = 8;
constexpr std::size_t kKeyThreads = 16;  // waiting on fsync, not on the CPU

std::vector<std::string> names(const LabSpec& spec) {
  std::vector<std::string> out;
  for (const auto& d : spec.devices) out.push_back(d.name);
  return out;
}

// TPMs are manufactured and booted in parallel: swtpm_setup takes most of a
// second per TPM the first time.
Status start_tpms(const std::vector<std::unique_ptr<Device>>& devices, const LabOptions& options) {
  std::vector<Device*> tpm_devices;
  for (const auto& d : devices) {
    if (d->spec.tpm) tpm_devices.push_back(d.get());
  }
  if (tpm_devices.empty()) return ok_status();
  if (options.state_dir.empty()) {
    return make_error(ErrorKind::usage, tpm_devices.front()->spec.name + " has a TPM: attest-lab needs --state DIR");
  }
  std::vector<std::thread> threads;
  std::vector<Status> results(tpm_devices.size(), ok_status());
  for (std::size_t i = 0; i < tpm_devices.size(); ++i) {
    threads.emplace_back([d = tpm_devices[i], &options, &result = results[i]] {
      auto tpm = DeviceTpm::start(d->spec, options.state_dir, options.agent);
      if (tpm) d->tpm = std::move(*tpm);
      else result = tpm.error();
    });
  }
  for (auto& t : threads) t.join();
  for (auto& r : results)
    if (!r) return r;
  return ok_status();
}

// Each power-off runs two tools and waits for the daemon: all at once, so a
// lab stops well within its parent's grace period.
// One real snmpd per SNMP device, started from this (the main) thread: its
// PR_SET_PDEATHSIG follows the thread that forked it.
Status start_snmpds(std::vector<std::unique_ptr<Device>>& devices, std::vector<ReadyDevice>& ready, Log& log) {
  for (std::size_t i = 0; i < devices.size(); ++i) {
    Device& d = *devices[i];
    if (!d.spec.snmp) continue;
    const Facts& f = d.spec.facts;
    const std::string descr = d.spec.snmp->sys_descr.empty() ? f.vendor + " " + f.model + " " + f.version
                                                             : d.spec.snmp->sys_descr;
    auto agent = Snmpd::start(d.spec.address, *d.spec.snmp, descr);
    if (!agent) return make_error(agent.error().kind, d.spec.name + ": " + agent.error().message);
    d.snmpd = std::move(*agent);
    d.ready.snmp_port = ready[i].snmp_port = d.snmpd->port();
    log.line(d.spec.name, "snmpd on udp " + d.spec.address + ":" + std::to_string(d.snmpd->port()));
  }
  return ok_status();
}

// Each SUDI switch gets a fresh chain at start (as the TPM CA is made); its
// root goes where the spec says, for the test's golden DB to trust.
Status make_sudis(std::vector<std::unique_ptr<Device>>& devices, Log& log) {
  for (auto& d : devices) {
    if (!d->spec.sudi) continue;
    auto sudi = make_lab_sudi(d->spec.facts);
    if (!sudi) return make_error(sudi.error().kind, d->spec.name + ": SUDI: " + sudi.error().message);
    const std::string& root = d->spec.sudi->root_out;
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(root).parent_path(), ec);
    if (auto s = write_file_atomic(root, certificate_pem(sudi->chain_der.front()), 0644); !s) return s;
    d->spec.facts.sudi = std::make_shared<const LabSudi>(std::move(*sudi));
    d->spec.facts.tampered_os = d->spec.sudi->tampered_os;
    log.line(d->spec.name, "SUDI root written to " + root + (d->spec.sudi->tampered_os ? " (fault tampered-os-hash)" : ""));
  }
  return ok_status();
}

void power_off_tpms(std::vector<std::unique_ptr<Device>>& devices) {
  std::vector<std::thread> off;
  for (auto& d : devices) {
    if (d->tpm) off.emplace_back([tpm = std::move(d->tpm)]() mutable { tpm.reset(); });
  }
  for (auto& t : off) t.join();
}

}  // namespace

struct Lab::Impl {
  Impl(const LabSpec& spec, LabOptions opts) : options(std::move(opts)), log(options.quiet), stats(names(spec)) {}

  LabOptions options;
  Log log;
  Stats stats;
  std::vector<std::unique_ptr<Device>> devices;          // SSH devices
  std::vector<std::unique_ptr<RedfishServer>> redfish;   // Redfish BMCs, each with its own threads
  std::vector<ReadyDevice> ready;
  std::unique_ptr<EventLoop> loop;
  std::unique_ptr<Hub> hub;
  std::unique_ptr<Acceptor> acceptor;
  std::unique_ptr<TpmWorkers> tpm_workers;
  std::thread thread;
  std::once_flag stopped;

  Status load_devices(const LabSpec& spec);
  Status serve();
};

Status Lab::Impl::load_devices(const LabSpec& spec) {
  std::vector<std::string> key_paths;
  for (const auto& d : spec.devices) {
    if (d.transport == Transport::ssh) key_paths.push_back(d.host_key);
  }
  if (auto s = create_missing_host_keys(key_paths, kKeyThreads); !s) return s;
  HostIdentities identities;
  for (std::size_t i = 0; i < spec.devices.size(); ++i) {
    if (spec.devices[i].transport == Transport::redfish) {
      auto server = RedfishServer::create(spec, i, stats, log);
      if (!server) return server.error();
      ready.push_back((*server)->ready());
      redfish.push_back(std::move(*server));
      continue;
    }
    auto d = make_device(spec, i, identities);
    if (!d) return d.error();
    ready.push_back((*d)->ready);
    devices.push_back(std::move(*d));
  }
  if (auto s = start_tpms(devices, options); !s) return s;
  if (auto s = make_sudis(devices, log); !s) return s;
  return start_snmpds(devices, ready, log);
}

Status Lab::Impl::serve() {
  auto l = EventLoop::create();
  if (!l) return l.error();
  loop = std::move(*l);
  hub = std::make_unique<Hub>(*loop, stats, log);
  acceptor = std::make_unique<Acceptor>(*hub);
  hub->on_fd_freed = [a = acceptor.get()] { a->fd_freed(); };
  const auto tpms = static_cast<std::size_t>(std::count_if(devices.begin(), devices.end(), [](const auto& d) { return d->tpm != nullptr; }));
  if (tpms > 0) {
    tpm_workers = std::make_unique<TpmWorkers>(*loop, std::min(tpms, kMaxTpmWorkers));
    hub->tpm_workers = tpm_workers.get();
  }
  for (auto& d : devices) {
    if (auto s = acceptor->watch(*d); !s) return s;
    const auto& r = d->ready;
    log.line(r.name, "listening on " + r.address + ":" + std::to_string(r.port) + " (" + d->spec.profile + ", " +
                         (d->spec.mode == Mode::exec ? "exec" : "shell") + ") host key " + r.host_key_fingerprint);
  }
  thread = std::thread([this] { loop->run(); });
  for (auto& r : redfish) {
    if (auto s = r->start(); !s) return s;
  }
  return ok_status();
}

Result<std::unique_ptr<Lab>> Lab::start(const LabSpec& spec, const LabOptions& options) {
  auto impl = std::make_unique<Impl>(spec, options);
  if (auto s = impl->load_devices(spec); !s) return s.error();
  if (auto s = impl->serve(); !s) return s.error();
  return std::unique_ptr<Lab>(new Lab(std::move(impl)));
}

Lab::Lab(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Lab::~Lab() { stop(); }

const std::vector<ReadyDevice>& Lab::ready() const { return impl_->ready; }

const Stats& Lab::stats() const { return impl_->stats; }

// The loop thread first; then its connections close here, the TPM workers
// finish what they run, and the TPMs power off.
void Lab::stop() {
  std::call_once(impl_->stopped, [this] {
    Impl& i = *impl_;
    if (i.loop) i.loop->stop();
    if (i.thread.joinable()) i.thread.join();
    if (i.hub) i.hub->close_all();
    for (auto& r : i.redfish) r->stop();
    i.acceptor.reset();
    i.tpm_workers.reset();
    power_off_tpms(i.devices);
    for (auto& d : i.devices) d->snmpd.reset();
  });
}

std::string ready_json(const std::vector<ReadyDevice>& devices) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& d : devices) {
    if (d.transport == Transport::redfish) {
      list.push_back({{"name", d.name}, {"address", d.address}, {"port", d.port}, {"transport", "redfish"},
                      {"tls_cert_sha256", d.tls_cert_sha256}, {"tls_spki_sha256", d.tls_spki_sha256}});
      continue;
    }
    nlohmann::ordered_json entry{{"name", d.name}, {"address", d.address}, {"port", d.port},
                                 {"host_key_fingerprint", d.host_key_fingerprint}};
    if (d.snmp_port != 0) entry["snmp_port"] = d.snmp_port;
    list.push_back(std::move(entry));
  }
  nlohmann::ordered_json doc;
  doc["devices"] = list;
  return doc.dump(2) + "\n";
}

}  // namespace attest::lab
