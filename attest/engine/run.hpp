// A gate run over a set of devices: plan, collect (every device in flight on
// one event loop, under deadlines), assess. The only stage that does I/O is
// collection.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "attest/core/golden.hpp"
#include "attest/core/inventory.hpp"
#include "attest/core/secrets.hpp"
#include "attest/core/waiver.hpp"
#include "attest/engine/activity.hpp"
#include "attest/engine/attempt_journal.hpp"
#include "attest/engine/evaluate.hpp"
#include "attest/engine/redfish_run.hpp"
#include "attest/engine/rerun.hpp"
#include "attest/engine/shard.hpp"
#include "attest/sign/db_manifest.hpp"
#include "attest/snmp/probe.hpp"
#include "attest/ssh/batch.hpp"
#include "attest/ssh/collector.hpp"

namespace attest {

struct DeviceResult {
  Device device;
  DeviceEvidence evidence;
  DeviceAssessment assessment;
  std::string tpm_nonce;     // hex of the nonce sent for the quote (TPM devices)
  TpmCommands tpm_commands;  // the TPM commands exactly as sent (TPM devices)
  bool interrupted = false;  // not finished when the run was cancelled
};

// Who ran what, from which inputs: what an auditor needs to trace a verdict
// back to signed inputs.
struct RunProvenance {
  std::string git_commit;
  std::string operator_name;
  std::string host;
  sign::DbTrust db;                 // is_signed false only with --allow-unsigned-db
  std::string enrollments_path;     // empty: no enrollment file
  std::string enrollments_sha256;
  std::string report_key_id;        // the key report.json.sig is made with; empty: unsigned
  std::string ledger_path;          // empty: no --ledger
  std::string ledger_head;          // the next entry's prev: sha256 of the last line, 64 zeros for a new ledger
  std::size_t ledger_entries = 0;   // entries before this run
  std::vector<std::string> warnings;
  // The attempt journal (--state): where, this run's id in it, what earlier
  // runs' failures took off each device's budget, and what this run added.
  std::string journal_path;
  std::string journal_run;
  std::map<std::string, int> journal_earlier_failures;  // devices with any
  std::size_t journal_failures_recorded = 0;
};

// The waivers file of a run (`attest rack --waivers`), as the report shows it.
struct WaiversRecord {
  std::string file;
  std::string sha256;  // of the file's bytes
  std::string key_id;  // the key its signature verified under; empty: not signed
  std::vector<Waiver> waivers;                     // every waiver in the file
  std::map<std::string, std::string> not_applied;  // waiver id -> why it could not apply
};

// Where an `attest exposure` run stood: the vantage's name and the route its
// probes took out of this host (source address -> interface).
struct VantageRecord {
  std::string name;
  std::string source_address;  // --source-address; empty: the kernel chose per route
  std::map<std::string, std::string> sources;  // every local address the probes used -> its interface
};

struct RunReport {
  std::string tool_version;
  RunProvenance provenance;
  std::string site;
  std::string inventory_path;
  std::string inventory_sha256;
  std::string db_dir;
  std::vector<Rack> racks;  // the racks the run covers, for the elevation pictures
  std::string started;
  std::string finished;
  std::vector<DeviceResult> devices;  // inventory order
  bool partial = false;  // interrupted: some devices end as error "interrupted"
  std::optional<ShardRecord> shard;  // set by `attest rack --shard I/N`
  std::optional<WaiversRecord> waivers;  // set by `attest rack --waivers F`
  ControlMap controls;  // from the golden DB: which controls each check is evidence for
  SelectionRecord selection;         // how the devices were chosen
  std::optional<VantageRecord> vantage;  // set by `attest exposure`: a vantage report
};

// Collects one device; replaceable in tests by an in-memory fake. It runs on
// a fiber of one of the run's event loops: a fake that must take time waits
// with ssh::pause_for, never by blocking the thread (which would stall every
// device on that loop), and with more than one thread it locks what it
// shares.
using Collector = std::function<DeviceEvidence(const CollectRequest&)>;
// Called once per finished device, on one of the run's threads, never two
// calls at once.
using Progress = std::function<void(const DeviceResult&, std::size_t done, std::size_t total)>;

// Probes one device's SNMP agent (profiles whose DB policy declares SNMP),
// after its SSH collection, on the same fiber; replaceable in tests.
using SnmpProber = std::function<std::vector<SnmpProbe>(const snmp::ProbeRequest&)>;

struct RunOptions {
  // Devices in flight at once (bounded by what RLIMIT_NOFILE allows), and
  // new connections per second across the run (0: no cap).
  std::size_t max_sessions = ssh::kDefaultMaxSessions;
  double handshake_rate = ssh::kDefaultHandshakeRate;
  // Event loops (threads) sharing max_sessions and handshake_rate; `attest
  // rack` uses ssh::default_threads().
  std::size_t threads = 1;
  const tpm::Enrollments* enrollments = nullptr;
  // Waivers in force for this run (engine/waivers.hpp); null: none. Their
  // rules name DB files relative to `db_dir`, as the report does.
  const std::vector<Waiver>* waivers = nullptr;
  std::string db_dir;  // TPM devices without a record fail tpm-enrollment
  Collector collector;  // default: collect_device (libssh2)
  RedfishCollector redfish_collector;  // transport "redfish"; default: redfish::collect (libcurl)
  SnmpProber snmp_prober;  // default: snmp::probe (net-snmp)
  Progress progress;
  // What the run is doing, about every activity_interval and once at the
  // end, on the thread that called run_devices (live progress views).
  std::function<void(const RunActivity&)> activity;
  Millis activity_interval{250};
  // Stops the run once set (a signal handler sets it): no device starts after
  // that, and devices not finished end as error "interrupted" without being
  // waited for beyond kCancelGrace. Handed to collectors as
  // CollectRequest::cancel. Must outlive every collection: make it static.
  const std::atomic<bool>* cancel = nullptr;
  // The attempt journal's part: failed requests earlier runs sent to a
  // device (by name) that it still remembers, taken off its budget; and
  // where every request of this run is reported as it is sent (null: not
  // recorded). The recorder outlives the run.
  std::map<std::string, int> earlier_failures;
  AttemptRecorder* recorder = nullptr;
};

// How long a cancelled run waits for collections in flight to notice the
// cancel and return; after it every wait fails at once, and a collection
// still running ssh::kAbandonAfter later is left, its device interrupted.
inline constexpr std::chrono::milliseconds kCancelGrace{1000};

// Runs every device of `devices`; never throws; a device that cannot be
// collected, or whose collection or evaluation throws, ends up with verdict
// error ("internal error: ..."), the others go on.
std::vector<DeviceResult> run_devices(const std::vector<Device>& devices, const Secrets& secrets,
                                      const GoldenDb& db, const RunOptions& options);

// Exit code 0 when every device passed, 1 when any is blocked (and when there are none).
bool all_passed(const std::vector<DeviceResult>& results);

// True when a device ended as error "interrupted" (a cancelled run).
bool any_interrupted(const std::vector<DeviceResult>& results);

// The detail of the finding that a device not finished before a cancel gets.
inline constexpr const char* kInterruptedDetail = "interrupted";

}  // namespace attest
