#include "attest/engine/run.hpp"

#include <atomic>
#include <mutex>
#include <thread>

#include <openssl/rand.h>

#include "attest/engine/plan.hpp"
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
  req.posture = db.find_posture(device.profile);
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

DeviceResult run_one(const Device& device, const Secrets& secrets, const GoldenDb& db, const Collector& collect,
                     const tpm::Enrollments* enrollments) {
  DeviceResult r;
  r.device = device;
  CredentialPlan plan = plan_credentials(device, credential_policy(db, device.profile), secrets.retired);
  CollectRequest req = request_for(device, secrets, db, plan);
  const TpmInputs tpm = tpm_inputs(device, enrollments);
  req.exec_commands = tpm.commands.list();
  if (!req.profile) {
    r.evidence.device = device.name;
    r.evidence.connect_error = make_error(ErrorKind::input, "unknown profile '" + device.profile + "'");
  } else {
    r.evidence = collect(req);
  }
  // Candidates the plan left out still belong in the evidence, as not tried.
  for (auto& a : plan.over_budget) r.evidence.attempts.push_back(std::move(a));
  r.assessment = assess_device(device, req.profile, r.evidence, db, tpm);
  r.tpm_nonce = to_hex(tpm.nonce);
  r.tpm_commands = tpm.commands;
  return r;
}

}  // namespace

std::vector<DeviceResult> run_devices(const std::vector<Device>& devices, const Secrets& secrets,
                                      const GoldenDb& db, const RunOptions& options) {
  std::vector<DeviceResult> results(devices.size());
  const Collector collect = options.collector ? options.collector : Collector(collect_device);
  std::atomic<std::size_t> next{0};
  std::size_t done = 0;
  std::mutex progress_mutex;

  auto worker = [&] {
    for (std::size_t i = next++; i < devices.size(); i = next++) {
      results[i] = run_one(devices[i], secrets, db, collect, options.enrollments);
      std::lock_guard lock(progress_mutex);
      ++done;
      if (options.progress) options.progress(results[i], done, devices.size());
    }
  };
  const auto jobs = static_cast<std::size_t>(std::max(1, options.jobs));
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < std::min(jobs, devices.size()); ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  return results;
}

bool all_passed(const std::vector<DeviceResult>& results) {
  if (results.empty()) return false;
  for (const auto& r : results)
    if (r.assessment.verdict != Verdict::pass) return false;
  return true;
}

}  // namespace attest
