#include "attest/engine/redfish_run.hpp"

#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "attest/engine/attempt_journal.hpp"
#include "attest/redfish/profiles.hpp"
#include "attest/ssh/reactor.hpp"

namespace attest {
namespace {

constexpr Millis kPollInterval{20};

std::optional<std::string> default_password(const DefaultCredential& c, const Device& device) {
  if (c.kind == PasswordKind::literal) return c.password;
  if (c.kind == PasswordKind::serial_suffix && device.serial.size() >= static_cast<std::size_t>(c.length)) {
    return device.serial.substr(device.serial.size() - static_cast<std::size_t>(c.length));
  }
  return std::nullopt;  // SSH "none" auth has no Redfish form
}

// What the thread and the waiting fiber share; `abandoned` cuts the
// thread's callbacks off once the run no longer waits for it.
struct Handoff {
  std::mutex mutex;
  std::optional<DeviceEvidence> evidence;
  bool abandoned = false;
  std::atomic<bool> done{false};
};

DeviceEvidence failed(const std::string& device, std::string why) {
  DeviceEvidence ev;
  ev.device = device;
  ev.redfish.emplace();
  ev.connect_error = make_error(ErrorKind::internal, std::move(why));
  return ev;
}

DeviceEvidence guarded(const RedfishCollector& collect, const redfish::Job& job) {
  try {
    return collect(job);
  } catch (const std::exception& e) {
    return failed(job.device.name, std::string("internal error: ") + e.what());
  } catch (...) {
    return failed(job.device.name, "internal error: unknown exception");
  }
}

// The job's callbacks, run only while the run still waits.
void cut_off_when_abandoned(redfish::Job& job, const std::shared_ptr<Handoff>& h) {
  if (auto activity = std::move(job.activity)) {
    job.activity = [h, activity](std::string what) {
      const std::lock_guard<std::mutex> lock(h->mutex);
      if (!h->abandoned) activity(std::move(what));
    };
  }
  if (auto told = std::move(job.auth_request)) {
    job.auth_request = [h, told](const std::string& user, AuthRequestEvent e) {
      const std::lock_guard<std::mutex> lock(h->mutex);
      if (!h->abandoned) told(user, e);
    };
  }
}

}  // namespace

redfish::Job plan_redfish_job(const Device& device, const Secrets& secrets, const GoldenDb& db, int earlier_failures) {
  redfish::Job job;
  job.device = device;
  if (auto it = secrets.credentials.find(device.credential); it != secrets.credentials.end()) job.login = it->second;
  const auto policy = db.credentials.find(device.profile);
  const CredentialPolicy* p = policy == db.credentials.end() ? nullptr : &policy->second;
  if (p) {
    for (const auto& c : p->defaults)
      if (auto pw = default_password(c, device)) job.defaults.emplace_back(c.id, c.username, *pw);
  }
  if (const auto* profile = redfish::find_profile(device.profile)) job.not_probeable = profile->not_probeable;
  job.attempt_budget = device.attempt_budget.value_or(p && p->attempt_budget ? *p->attempt_budget : kDefaultAttemptBudget);
  job.earlier_failures = earlier_failures;
  job.journal_window_s = lockout_window_seconds(p);
  return job;
}

DeviceEvidence collect_beside_loop(const RedfishCollector& collect, redfish::Job job, const std::atomic<bool>* cancel,
                                   Millis grace) {
  if (!ssh::on_fiber()) return guarded(collect, job);
  auto handoff = std::make_shared<Handoff>();
  cut_off_when_abandoned(job, handoff);
  const std::string name = job.device.name;
  // The job goes before `done` is set: a run that returns at once must not
  // race the thread's teardown of what the job holds.
  auto task = std::make_unique<std::pair<RedfishCollector, redfish::Job>>(collect, std::move(job));
  std::thread([handoff, task = std::move(task)]() mutable {
    DeviceEvidence ev = guarded(task->first, task->second);
    task.reset();
    const std::lock_guard<std::mutex> lock(handoff->mutex);
    handoff->evidence = std::move(ev);
    handoff->done = true;
  }).detach();
  std::optional<SteadyClock::time_point> give_up;
  while (!handoff->done.load()) {
    if (cancel && cancel->load() && !give_up) give_up = SteadyClock::now() + grace;
    if (give_up && SteadyClock::now() >= *give_up) {
      const std::lock_guard<std::mutex> lock(handoff->mutex);
      if (handoff->done) break;
      handoff->abandoned = true;
      return failed(name, "interrupted");
    }
    ssh::pause_for(kPollInterval);
  }
  const std::lock_guard<std::mutex> lock(handoff->mutex);
  return std::move(*handoff->evidence);
}

}  // namespace attest
