#include "attest/lab/stats.hpp"

#include <time.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "attest/util/files.hpp"

namespace attest::lab {
namespace {

std::chrono::nanoseconds monotonic_now() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

// CLOCK_MONOTONIC is steady_clock's clock on Linux.
Stats::TimePoint taken_at_point(std::chrono::nanoseconds taken_at) {
  return Stats::TimePoint(std::chrono::duration_cast<Stats::TimePoint::duration>(taken_at));
}

}  // namespace

Stats::Stats(std::vector<std::string> device_names)
    : names_(std::move(device_names)), devices_(names_.size()) {}

void Stats::connection_opened(std::size_t device, TimePoint at) {
  std::lock_guard lock(mutex_);
  auto& d = devices_.at(device);
  ++d.connections;
  ++d.open_connections;
  d.max_concurrent_connections = std::max(d.max_concurrent_connections, d.open_connections);
  accepted_.add(at);
}

void Stats::connection_closed(std::size_t device) {
  std::lock_guard lock(mutex_);
  auto& d = devices_.at(device);
  if (d.open_connections > 0) --d.open_connections;
}

void Stats::auth_attempt(std::size_t device, std::uint64_t in_this_connection) {
  std::lock_guard lock(mutex_);
  auto& d = devices_.at(device);
  ++d.auth_attempts;
  d.max_auth_attempts_in_one_connection = std::max(d.max_auth_attempts_in_one_connection, in_this_connection);
}

void Stats::auth_accepted(std::size_t device) {
  std::lock_guard lock(mutex_);
  ++devices_.at(device).auth_accepted;
}

void Stats::command(std::size_t device) {
  std::lock_guard lock(mutex_);
  ++devices_.at(device).commands;
}

DeviceStats Stats::get(const std::string& device) const {
  std::lock_guard lock(mutex_);
  const auto it = std::find(names_.begin(), names_.end(), device);
  return it == names_.end() ? DeviceStats{} : devices_[static_cast<std::size_t>(it - names_.begin())];
}

HandshakeStats Stats::handshakes() const {
  std::lock_guard lock(mutex_);
  return {accepted_.total(), accepted_.max_in_window()};
}

bool Stats::locked(std::size_t device, TimePoint at) const {
  std::lock_guard lock(mutex_);
  return at < devices_.at(device).locked_until;
}

void Stats::auth_failed(std::size_t device, TimePoint at, int threshold, int window_s) {
  if (threshold <= 0) return;
  std::lock_guard lock(mutex_);
  auto& d = devices_.at(device);
  const auto window = std::chrono::seconds(window_s);
  if (at < d.locked_until) {
    ++d.refused_while_locked;
    return;
  }
  d.failures.push_back(at);
  while (!d.failures.empty() && at - d.failures.front() > window) d.failures.pop_front();
  if (d.failures.size() >= static_cast<std::size_t>(threshold)) {
    ++d.lockouts;
    d.locked_until = at + window;
    d.failures.clear();
  }
}

void Stats::account_locked(std::size_t device, TimePoint until) {
  update(device, [&](DeviceStats& d) {
    ++d.lockouts;
    d.locked_until = std::max(d.locked_until, until);
  });
}

void Stats::refused_while_locked(std::size_t device) {
  update(device, [](DeviceStats& d) { ++d.refused_while_locked; });
}

std::string Stats::to_json(std::chrono::nanoseconds taken_at) const {
  nlohmann::ordered_json doc;
  doc["taken_at_monotonic_ns"] = taken_at.count();
  const HandshakeStats h = handshakes();
  doc["handshakes"] = {{"accepted", h.accepted}, {"max_accepted_per_second", h.max_accepted_per_second}};
  // Sorted by name, as before; ordered_json would look each name up linearly.
  nlohmann::json devices = nlohmann::json::object();
  std::vector<DeviceStats> copy;
  {
    std::lock_guard lock(mutex_);
    copy = devices_;
  }
  for (std::size_t i = 0; i < copy.size(); ++i) {
    const DeviceStats& d = copy[i];
    devices[names_[i]] = {{"connections", d.connections},
                          {"auth_attempts", d.auth_attempts},
                          {"auth_accepted", d.auth_accepted},
                          {"max_auth_attempts_in_one_connection", d.max_auth_attempts_in_one_connection},
                          {"commands", d.commands},
                          {"max_concurrent_connections", d.max_concurrent_connections},
                          {"lockouts", d.lockouts},
                          {"refused_while_locked", d.refused_while_locked},
                          {"locked", taken_at_point(taken_at) < d.locked_until}};
  }
  doc["devices"] = devices;
  return doc.dump(2) + "\n";
}

Status Stats::write(const std::string& path) const {
  if (path.empty()) return ok_status();
  return write_file_atomic(path, to_json(monotonic_now()));
}

}  // namespace attest::lab
