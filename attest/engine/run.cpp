#include "attest/engine/run.hpp"

#include <algorithm>
#include <exception>
#include <map>
#include <mutex>
#include <optional>

#include <openssl/rand.h>

#include "attest/engine/plan.hpp"
#include "attest/engine/redfish_checks.hpp"
#include "attest/engine/redfish_run.hpp"
#include "attest/engine/sanitize.hpp"
#include "attest/engine/waivers.hpp"
#include "attest/ssh/batch.hpp"
#include "attest/ssh/collector.hpp"
#include "attest/util/clock.hpp"

namespace attest {
namespace {

const CredentialPolicy* credential_policy(const GoldenDb& db, const std::string& profile) {
  const auto it = db.credentials.find(profile);
  return it == db.credentials.end() ? nullptr : &it->second;
}

CollectRequest request_for(const Device& device, const Secrets& secrets, const GoldenDb& db, CredentialPlan& plan) {
  CollectRequest req;
  if (const SshPosturePolicy* posture = db.find_posture(device.profile)) req.posture = *posture;
  req.device = device;
  req.profile = find_profile(device.profile);
  if (auto it = secrets.credentials.find(device.credential); it != secrets.credentials.end()) {
    req.login = it->second;
  }
  req.probes = std::move(plan.probes);
  req.attempt_budget = plan.attempt_budget;
  req.max_auth_per_connection = plan.max_auth_per_connection;
  return req;
}

// A fresh nonce from OpenSSL's CSPRNG, used for one quote only. Empty when
// the CSPRNG fails: the quote then cannot verify and the device is blocked.
Bytes fresh_nonce() {
  Bytes nonce(32);
  if (RAND_bytes(nonce.data(), static_cast<int>(nonce.size())) != 1) nonce.clear();
  return nonce;
}

TpmInputs tpm_inputs(const Device& device, const tpm::Enrollments* enrollments) {
  TpmInputs in;
  if (!device.tpm) return in;
  in.nonce = fresh_nonce();
  in.commands = tpm_commands(device, in.nonce);
  if (enrollments) {
    const auto it = enrollments->devices.find(device.name);
    if (it != enrollments->devices.end()) in.enrolled = &it->second;
  }
  return in;
}

bool cancelled(const std::atomic<bool>* cancel) { return cancel && cancel->load(); }

// A device that could not be checked at all: one reachability error saying why.
DeviceResult blocked(const Device& device, std::string detail) {
  DeviceResult r;
  r.device = device;
  r.evidence.device = device.name;
  r.assessment.findings.push_back(Finding{check::kReachability, CheckStatus::error, std::move(detail), {}});
  r.assessment.verdict = verdict_of(r.assessment.findings);
  return r;
}

DeviceResult interrupted(const Device& device) {
  DeviceResult r = blocked(device, kInterruptedDetail);
  r.interrupted = true;
  return r;
}

// Earlier runs' failures fill the whole budget: not even the login is sent.
DeviceResult budget_spent(const Device& device, CredentialPlan& plan) {
  DeviceResult r = blocked(device, "not contacted: " + std::to_string(plan.earlier_failures) +
                                       " failed authentication requests of earlier runs are still inside the "
                                       "device's lockout window and spend its whole attempt budget (attempt "
                                       "journal, --state); re-run once the window has passed");
  r.evidence.attempts = std::move(plan.over_budget);
  return r;
}

std::string internal_error(const char* what) { return std::string("internal error: ") + what; }

// One device's inputs to collection, planned from the caller's data.
struct Job {
  CredentialPlan plan;
  CollectRequest req;
  TpmInputs tpm;
};

Job prepare(const Device& device, const Secrets& secrets, const GoldenDb& db, const RunOptions& options) {
  Job job;
  const auto login = secrets.credentials.find(device.credential);
  const std::string login_user = login == secrets.credentials.end() ? "" : login->second.username;
  const auto earlier = options.earlier_failures.find(device.name);
  job.plan = plan_credentials(device, credential_policy(db, device.profile), secrets.retired, login_user,
                              earlier == options.earlier_failures.end() ? 0 : earlier->second);
  job.req = request_for(device, secrets, db, job.plan);
  if (AttemptRecorder* recorder = options.recorder) {
    job.req.auth_request = [recorder, device](const std::string& username, AuthRequestEvent event) {
      recorder->record(device, username, event);
    };
  }
  job.tpm = tpm_inputs(device, options.enrollments);
  job.req.exec_commands = job.tpm.commands.list();
  job.tpm.switch_integrity = switch_integrity_request(device, db);
  if (const auto& sw = job.tpm.switch_integrity) {
    job.req.exec_commands.push_back(sw->integrity_command);
    job.req.exec_commands.push_back(sw->sudi_command);
  }
  job.req.cancel = options.cancel;
  return job;
}

// The collector's call, with anything it throws turned into an error: an
// exception must never reach the fiber's edge, where it would be lost.
Result<DeviceEvidence> collect_guarded(const Collector& collect, const CollectRequest& req) {
  try {
    if (!req.profile) {
      DeviceEvidence ev;
      ev.device = req.device.name;
      ev.connect_error = make_error(ErrorKind::input, "unknown profile '" + req.device.profile + "'");
      return ev;
    }
    return collect(req);
  } catch (const std::exception& e) {
    return make_error(ErrorKind::internal, internal_error(e.what()));
  } catch (...) {
    return make_error(ErrorKind::internal, internal_error("unknown exception"));
  }
}

DeviceResult assess(const Device& device, Job& job, DeviceEvidence evidence, const GoldenDb& db,
                    const RunOptions& options) {
  DeviceResult r;
  r.device = device;
  r.evidence = std::move(evidence);
  // The event log is binary (`cat` of the firmware's log), replayed byte for byte.
  std::vector<std::string> binary;
  if (!job.tpm.commands.event_log.empty()) binary.push_back(job.tpm.commands.event_log);
  sanitize_evidence(r.evidence, binary);
  // Candidates the plan left out still belong in the evidence, as not tried.
  for (auto& a : job.plan.over_budget) r.evidence.attempts.push_back(std::move(a));
  r.assessment = assess_device(device, job.req.profile, r.evidence, db, job.tpm);
  if (options.waivers) apply_waivers(r.assessment, device, *options.waivers, options.db_dir);
  r.tpm_nonce = to_hex(job.tpm.nonce);
  r.tpm_commands = job.tpm.commands;
  return r;
}

// A BMC over Redfish: collected beside the event loop, judged by the
// Redfish evaluators.
DeviceResult run_redfish(const Device& device, const Secrets& secrets, const GoldenDb& db, const RunOptions& options,
                         std::function<void(std::string)> activity) {
  const auto earlier = options.earlier_failures.find(device.name);
  redfish::Job job = plan_redfish_job(device, secrets, db, earlier == options.earlier_failures.end() ? 0 : earlier->second);
  if (job.attempt_budget - job.earlier_failures <= 0) {
    CredentialPlan spent;
    spent.earlier_failures = job.earlier_failures;
    return budget_spent(device, spent);
  }
  job.cancel = options.cancel;
  job.activity = std::move(activity);
  if (AttemptRecorder* recorder = options.recorder) {
    job.auth_request = [recorder, device](const std::string& username, AuthRequestEvent event) {
      recorder->record(device, username, event);
    };
  }
  const RedfishCollector collect = options.redfish_collector ? options.redfish_collector : RedfishCollector(redfish::collect);
  DeviceEvidence evidence = collect_beside_loop(collect, std::move(job), options.cancel, kCancelGrace);
  if (cancelled(options.cancel)) return interrupted(device);
  DeviceResult r;
  r.device = device;
  r.evidence = std::move(evidence);
  sanitize_evidence(r.evidence, {});
  r.assessment = assess_redfish_device(device, r.evidence, db);
  if (options.waivers) apply_waivers(r.assessment, device, *options.waivers, options.db_dir);
  return r;
}

// SNMP after SSH, on the device's own fiber: net-snmp's single-session API
// is driven from here and every wait suspends the fiber (snmp::probe), so
// the event loop goes on serving the other devices. Public defaults only:
// no community of the site's secrets is ever sent.
void probe_snmp(const Device& device, const GoldenDb& db, const RunOptions& options,
                const std::function<void(std::string)>& activity, DeviceEvidence& evidence) {
  const CredentialPolicy* policy = credential_policy(db, device.profile);
  if (policy == nullptr || !policy->snmp) return;
  snmp::ProbeRequest req = snmp::plan_probe(device, *policy->snmp);
  req.cancel = options.cancel;
  if (activity) activity("SNMP " + device.address + ":" + std::to_string(req.port));
  evidence.snmp = options.snmp_prober ? options.snmp_prober(req) : snmp::probe(req);
}

// One device, start to verdict. Never throws: whatever goes wrong becomes
// an error verdict for this device only.
DeviceResult run_one(const Device& device, const Secrets& secrets, const GoldenDb& db, const RunOptions& options,
                     const Collector& collect, std::function<void(std::string)> activity) {
  try {
    if (cancelled(options.cancel)) return interrupted(device);
    if (device.transport == Transport::redfish) return run_redfish(device, secrets, db, options, std::move(activity));
    Job job = prepare(device, secrets, db, options);
    if (job.plan.attempt_budget == 0) return budget_spent(device, job.plan);
    job.req.activity = std::move(activity);
    Result<DeviceEvidence> evidence = collect_guarded(collect, job.req);
    if (cancelled(options.cancel)) return interrupted(device);  // possibly cut short
    if (!evidence) return blocked(device, evidence.error().message);
    probe_snmp(device, db, options, job.req.activity, *evidence);
    if (cancelled(options.cancel)) return interrupted(device);
    return assess(device, job, std::move(evidence).value(), db, options);
  } catch (const std::exception& e) {
    return blocked(device, internal_error(e.what()));
  } catch (...) {
    return blocked(device, internal_error("unknown exception"));
  }
}

// The run's bookkeeping, shared by the batch's threads: every member is
// read and written under `mutex`.
struct RunState {
  struct InFlight {
    SteadyClock::time_point started;
    std::string waiting_on;
  };
  explicit RunState(std::size_t n) : results(n) {}
  std::mutex mutex;
  std::vector<std::optional<DeviceResult>> results;
  std::map<std::size_t, InFlight> in_flight;  // node addresses are stable
  std::size_t done = 0, blocked = 0;
  SteadyClock::time_point started = SteadyClock::now();
};

void report_progress(const RunOptions& options, const DeviceResult& r, std::size_t done, std::size_t total) {
  if (!options.progress) return;
  try {
    options.progress(r, done, total);
  } catch (...) {
    // Progress is a courtesy: a failing terminal write must not cost a verdict.
  }
}

RunActivity activity_of(const RunState& st, const std::vector<Device>& devices) {
  RunActivity a;
  a.total = devices.size();
  a.done = st.done;
  a.blocked = st.blocked;
  a.started = st.started;
  for (const auto& [i, f] : st.in_flight) a.in_flight.push_back({devices[i].name, devices[i].rack, f.started, f.waiting_on});
  std::stable_sort(a.in_flight.begin(), a.in_flight.end(),
                   [](const DeviceActivity& x, const DeviceActivity& y) { return x.started < y.started; });
  return a;
}

void report_activity(const RunOptions& options, RunState& st, const std::vector<Device>& devices) {
  if (!options.activity) return;
  try {
    RunActivity snapshot;
    {
      const std::lock_guard<std::mutex> lock(st.mutex);
      snapshot = activity_of(st, devices);
    }
    options.activity(snapshot);
  } catch (...) {
    // As for progress: the view may fail, the run goes on.
  }
}

}  // namespace

std::vector<DeviceResult> run_devices(const std::vector<Device>& devices, const Secrets& secrets,
                                      const GoldenDb& db, const RunOptions& options) {
  const Collector collect = options.collector ? options.collector : Collector(collect_device);
  RunState st(devices.size());
  const auto work = [&](std::size_t i) {
    {
      const std::lock_guard<std::mutex> lock(st.mutex);
      st.in_flight[i].started = SteadyClock::now();
    }
    const auto doing = [&st, i](std::string what) {
      const std::lock_guard<std::mutex> lock(st.mutex);
      if (auto it = st.in_flight.find(i); it != st.in_flight.end()) it->second.waiting_on = std::move(what);
    };
    DeviceResult r = run_one(devices[i], secrets, db, options, collect, doing);
    const std::lock_guard<std::mutex> lock(st.mutex);
    st.in_flight.erase(i);
    ++st.done;
    if (r.assessment.verdict != Verdict::pass) ++st.blocked;
    st.results[i] = std::move(r);
    report_progress(options, *st.results[i], st.done, devices.size());  // one line at a time
  };
  ssh::BatchLimits limits;
  limits.max_sessions = options.max_sessions;
  limits.threads = options.threads;
  limits.handshake_rate = options.handshake_rate;
  limits.cancel = options.cancel;
  limits.cancel_grace = kCancelGrace;
  limits.tick_interval = options.activity_interval;
  ssh::run_batch(devices.size(), limits, work, [&] { report_activity(options, st, devices); });

  std::vector<DeviceResult> results;
  results.reserve(devices.size());
  for (std::size_t i = 0; i < devices.size(); ++i)
    results.push_back(st.results[i] ? std::move(*st.results[i]) : interrupted(devices[i]));
  return results;
}

bool all_passed(const std::vector<DeviceResult>& results) {
  if (results.empty()) return false;
  for (const auto& r : results)
    if (r.assessment.verdict != Verdict::pass) return false;
  return true;
}

bool any_interrupted(const std::vector<DeviceResult>& results) {
  for (const auto& r : results)
    if (r.interrupted) return true;
  return false;
}

}  // namespace attest
