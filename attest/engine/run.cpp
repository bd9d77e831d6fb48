#include "attest/engine/run.hpp"

#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <openssl/rand.h>

#include "attest/engine/plan.hpp"
#include "attest/engine/sanitize.hpp"
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

std::string internal_error(const char* what) { return std::string("internal error: ") + what; }

// One device's inputs to collection, planned from the caller's data.
struct Job {
  CredentialPlan plan;
  CollectRequest req;
  TpmInputs tpm;
};

Job prepare(const Device& device, const Secrets& secrets, const GoldenDb& db, const RunOptions& options) {
  Job job;
  job.plan = plan_credentials(device, credential_policy(db, device.profile), secrets.retired);
  job.req = request_for(device, secrets, db, job.plan);
  job.tpm = tpm_inputs(device, options.enrollments);
  job.req.exec_commands = job.tpm.commands.list();
  job.req.cancel = options.cancel;
  return job;
}

// The collector's call, with anything it throws turned into an error: an
// exception must never leave a worker thread (std::terminate).
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

DeviceResult assess(const Device& device, Job& job, DeviceEvidence evidence, const GoldenDb& db) {
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
  r.tpm_nonce = to_hex(job.tpm.nonce);
  r.tpm_commands = job.tpm.commands;
  return r;
}

// A device's slot. Only `collecting` may be abandoned by a cancelled run: in
// every other state the worker reads the caller's inventory, secrets and DB,
// which run_devices keeps alive by waiting.
enum class Slot { waiting, busy, collecting, done };

// Shared by run_devices and its workers; a worker abandoned in a collection
// holds it alive until the collection returns, and then touches nothing else.
struct RunState {
  explicit RunState(std::size_t n, Collector c) : collect(std::move(c)), slots(n, Slot::waiting), results(n) {}
  const Collector collect;
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<Slot> slots;
  std::vector<DeviceResult> results;
  std::size_t next = 0, done = 0, running = 0;  // running: workers not yet returned
  bool abandoned = false;
};

// Moves slot i into `to`; false when the run was abandoned meanwhile.
bool enter(RunState& st, std::size_t i, Slot to) {
  std::lock_guard lock(st.mutex);
  if (st.abandoned) return false;
  st.slots[i] = to;
  st.changed.notify_all();
  return true;
}

// nullopt: abandoned mid-collection; nothing of the caller's may be touched.
std::optional<DeviceResult> run_one(RunState& st, std::size_t i, const std::vector<Device>& devices,
                                    const Secrets& secrets, const GoldenDb& db, const RunOptions& options) {
  const Device& device = devices[i];
  Job job = prepare(device, secrets, db, options);
  if (!enter(st, i, Slot::collecting)) return std::nullopt;
  Result<DeviceEvidence> evidence = collect_guarded(st.collect, job.req);
  if (!enter(st, i, Slot::busy)) return std::nullopt;
  if (cancelled(options.cancel)) return interrupted(device);  // possibly cut short
  if (!evidence) return blocked(device, evidence.error().message);
  return assess(device, job, std::move(evidence).value(), db);
}

void report_progress(const RunOptions& options, const DeviceResult& r, std::size_t done, std::size_t total) {
  if (!options.progress) return;
  try {
    options.progress(r, done, total);
  } catch (...) {
    // Progress is a courtesy: a failing terminal write must not cost a verdict.
  }
}

// Claims the next device to run, or nullopt when there is none or the run stops.
std::optional<std::size_t> claim(RunState& st, const RunOptions& options) {
  std::lock_guard lock(st.mutex);
  if (st.abandoned || cancelled(options.cancel) || st.next >= st.slots.size()) return std::nullopt;
  st.slots[st.next] = Slot::busy;
  return st.next++;
}

// false: abandoned, the worker must return at once.
bool finish(RunState& st, std::size_t i, DeviceResult r, const RunOptions& options) {
  std::lock_guard lock(st.mutex);
  if (st.abandoned) return false;
  st.results[i] = std::move(r);
  st.slots[i] = Slot::done;
  report_progress(options, st.results[i], ++st.done, st.slots.size());
  st.changed.notify_all();
  return true;
}

void work(const std::shared_ptr<RunState>& st, const std::vector<Device>& devices, const Secrets& secrets,
          const GoldenDb& db, const RunOptions& options) {
  while (const auto i = claim(*st, options)) {
    std::optional<DeviceResult> r;
    try {
      r = run_one(*st, *i, devices, secrets, db, options);
      if (!r) break;
    } catch (const std::exception& e) {
      r = blocked(devices[*i], internal_error(e.what()));
    } catch (...) {
      r = blocked(devices[*i], internal_error("unknown exception"));
    }
    if (!finish(*st, *i, std::move(*r), options)) break;
  }
  std::lock_guard lock(st->mutex);
  --st->running;
  st->changed.notify_all();
}

// After a cancel: waits kCancelGrace for the workers, then abandons those
// still collecting. Returns with no worker outside a collection.
void stop_workers(RunState& st, std::unique_lock<std::mutex>& lock) {
  if (st.changed.wait_for(lock, kCancelGrace, [&] { return st.running == 0; })) return;
  st.abandoned = true;
  st.changed.wait(lock, [&] {
    for (std::size_t i = 0; i < st.slots.size(); ++i)
      if (st.slots[i] == Slot::busy) return false;
    return true;
  });
}

}  // namespace

std::vector<DeviceResult> run_devices(const std::vector<Device>& devices, const Secrets& secrets,
                                      const GoldenDb& db, const RunOptions& options) {
  auto st = std::make_shared<RunState>(devices.size(),
                                       options.collector ? options.collector : Collector(collect_device));
  const auto jobs = std::min(static_cast<std::size_t>(std::max(1, options.jobs)), devices.size());
  st->running = jobs;
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < jobs; ++t)
    pool.emplace_back([st, &devices, &secrets, &db, &options] { work(st, devices, secrets, db, options); });

  std::unique_lock lock(st->mutex);
  // A signal handler cannot notify a condition variable: poll the flag.
  while (!st->changed.wait_for(lock, std::chrono::milliseconds(50),
                               [&] { return st->running == 0 || cancelled(options.cancel); })) {
  }
  if (st->running != 0) stop_workers(*st, lock);
  const bool abandoned = st->abandoned;
  lock.unlock();
  for (auto& t : pool) abandoned ? t.detach() : t.join();

  std::vector<DeviceResult> results = abandoned ? st->results : std::move(st->results);
  for (std::size_t i = 0; i < devices.size(); ++i)
    if (st->slots[i] != Slot::done) results[i] = interrupted(devices[i]);
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
