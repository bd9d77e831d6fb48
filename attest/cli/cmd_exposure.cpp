// `attest exposure --inventory F --vantage NAME --out DIR [--source-address A]
// [--sign-key KEY] [--ledger F]`: run from a network that must not reach the
// management plane, it tries every management endpoint of every device
// (attest/exposure) and writes an attest.report/v1 with one management-acl
// finding per device and the vantage recorded, signed and ledgered like a
// rack run. Nothing it sends is a credential or a login attempt.
// Exit 0 every device unreachable, 1 a device reachable (or not provable),
// 2 bad input, 3 a failure after devices were probed.
#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "attest/cli/commands.hpp"
#include "attest/cli/interrupt.hpp"
#include "attest/cli/options.hpp"
#include "attest/cli/run_outputs.hpp"
#include "attest/config/inventory_loader.hpp"
#include "attest/engine/report.hpp"
#include "attest/exposure/exposure.hpp"
#include "attest/cli/progress_output.hpp"
#include "attest/sign/ed25519.hpp"
#include "attest/util/files.hpp"
#include "attest/util/names.hpp"

namespace attest::cli {
namespace {

constexpr const char* kUsage =
    "attest exposure --inventory F --vantage NAME --out DIR [--source-address A] [--sign-key KEY]\n"
    "       [--ledger F] [--operator NAME] [--connect-timeout-ms MS] [--udp-timeout-ms MS] [--probe-rate N] [--quiet]";

struct ExposureArgs {
  std::string inventory, vantage, out_dir, source_address, sign_key, ledger, operator_name;
  int connect_ms = 2000, udp_ms = 1500;
  double probe_rate = 200;
  bool quiet = false;
};

struct Loaded {
  Inventory inventory;
  std::string inventory_sha256;
  EvpPkeyPtr sign_key;
  LedgerHead ledger;
};

// Everything that can refuse the run does so before any probe is sent.
Result<Loaded> load(const ExposureArgs& a) {
  if (auto why = unsafe_name_reason(a.vantage); why || a.vantage.empty()) {
    return make_error(ErrorKind::usage, "--vantage: " + (why ? *why : std::string("must not be empty")));
  }
  if (a.connect_ms < 1 || a.udp_ms < 1 || a.probe_rate < 0) {
    return make_error(ErrorKind::usage, "--connect-timeout-ms and --udp-timeout-ms must be positive, --probe-rate not negative");
  }
  if (!a.source_address.empty()) {
    if (auto st = exposure::check_source_address(a.source_address); !st) return st.error();
  }
  Loaded out;
  auto keys = load_output_keys(a.sign_key, a.ledger);
  if (!keys) return keys.error();
  out.sign_key = std::move(keys->sign_key);
  out.ledger = std::move(keys->ledger);
  auto raw = read_file(a.inventory, kMaxInventoryBytes);
  if (!raw) return raw.error();
  out.inventory_sha256 = sha256_hex(*raw);
  auto inv = parse_inventory(*raw, a.inventory, /*require_pins=*/false);
  if (!inv) return inv.error();
  out.inventory = std::move(inv).value();
  return out;
}

RunProvenance provenance(const ExposureArgs& a, const Loaded& loaded) {
  RunProvenance p;
  p.git_commit = git_commit();
  p.operator_name = operator_name(a.operator_name);
  p.host = host_name();
  if (loaded.sign_key) p.report_key_id = sign::key_id(loaded.sign_key.get());
  if (!a.ledger.empty()) {
    p.ledger_path = a.ledger;
    p.ledger_head = loaded.ledger.head_sha256;
    p.ledger_entries = loaded.ledger.entries;
  }
  return p;
}

DeviceResult device_result(const Device& device, std::vector<exposure::EndpointResult> probes, const std::string& vantage,
                           const std::string& started) {
  DeviceResult r;
  r.device = device;
  r.evidence.device = device.name;
  r.evidence.started = started;
  r.evidence.finished = utc_now_rfc3339();
  r.assessment.findings.push_back(exposure::assess_exposure(vantage, probes));
  r.assessment.verdict = verdict_of(r.assessment.findings);
  r.evidence.vantage = std::move(probes);
  return r;
}

VantageRecord vantage_record(const ExposureArgs& a, const std::vector<DeviceResult>& devices) {
  VantageRecord v{a.vantage, a.source_address, {}};
  for (const auto& d : devices) {
    for (const auto& p : d.evidence.vantage) {
      if (!p.source_address.empty()) v.sources.emplace(p.source_address, exposure::interface_of(p.source_address));
    }
  }
  return v;
}

ExitCode run(const ExposureArgs& a) {
  auto loaded = load(a);
  if (!loaded) return report_error(loaded.error());
  if (auto st = prepare_out_dir(a.out_dir); !st) return report_error(st.error());
  const InterruptScope interrupts;

  RunReport report;
  report.tool_version = tool_version();
  report.provenance = provenance(a, *loaded);
  report.site = loaded->inventory.site;
  report.inventory_path = a.inventory;
  report.inventory_sha256 = loaded->inventory_sha256;
  report.racks = loaded->inventory.racks;
  report.selection = SelectionRecord{};
  report.started = utc_now_rfc3339();
  const std::vector<Device>& devices = loaded->inventory.devices;

  exposure::SweepOptions options;
  options.probe.connect_timeout = Millis(a.connect_ms);
  options.probe.udp_timeout = Millis(a.udp_ms);
  if (!a.source_address.empty()) options.probe.source_address = a.source_address;
  options.probes_per_second = a.probe_rate;
  options.cancel = InterruptScope::flag();
  options.done = [&](std::size_t i, const std::vector<exposure::EndpointResult>& probes) {
    if (a.quiet) return;
    const Finding f = exposure::assess_exposure(a.vantage, probes);
    std::cerr << devices[i].name << ": management-acl " << to_string(f.status) << "\n";
  };
  auto probes = exposure::probe_devices(devices, options);
  for (std::size_t i = 0; i < devices.size(); ++i) {
    report.devices.push_back(device_result(devices[i], std::move(probes[i]), a.vantage, report.started));
  }
  report.finished = utc_now_rfc3339();
  report.partial = InterruptScope::signal_number() != 0;
  report.vantage = vantage_record(a, report.devices);

  const auto json = report_to_json(report);
  const std::string text = report_text(json);
  auto path = write_run_outputs(report, json, text, OutputPlan{a.out_dir, loaded->sign_key.get(), a.ledger});
  std::cout << render_table(report, ::isatty(STDOUT_FILENO) == 1 ? screen_size(STDOUT_FILENO).columns : kDefaultTableWidth);
  if (!path) {
    std::cerr << "attest: " << path.error().message << "\n";
    return ExitCode::internal;
  }
  std::cerr << "report: " << *path << (loaded->sign_key ? " (signed: report.json.sig)" : " (not signed: no --sign-key)")
            << ", vantage " << a.vantage << "\n";
  return all_passed(report.devices) ? ExitCode::pass : ExitCode::blocked;
}

}  // namespace

ExitCode cmd_exposure(const Args& args) {
  ExposureArgs a;
  po::options_description desc("attest exposure options");
  desc.add_options()
      ("inventory", po::value(&a.inventory)->required(), "inventory JSON (pins are not needed: nothing logs in)")
      ("vantage", po::value(&a.vantage)->required(), "the name of the network this runs from (corp-vpn, tenant, ...)")
      ("out", po::value(&a.out_dir)->required(), "output directory: report.json (+ .sig), report.html, junit.xml")
      ("source-address", po::value(&a.source_address), "bind every probe to this address of this host (a jump host's leg)")
      ("sign-key", po::value(&a.sign_key), "Ed25519 private key (0600) signing report.json -> report.json.sig")
      ("ledger", po::value(&a.ledger), "append this run to a hash-chained JSON Lines ledger")
      ("operator", po::value(&a.operator_name), "who runs it (default: the login user)")
      ("connect-timeout-ms", po::value(&a.connect_ms), "deadline per TCP handshake (default 2000)")
      ("udp-timeout-ms", po::value(&a.udp_ms), "deadline per UDP request (default 1500)")
      ("probe-rate", po::value(&a.probe_rate), "new probes per second across the run (default 200; 0: no cap)")
      ("quiet", po::bool_switch(&a.quiet), "no line per finished device");
  auto parsed = parse_options(args, kUsage, desc);
  if (parsed.done) return *parsed.done;
  return run(a);
}

}  // namespace attest::cli
