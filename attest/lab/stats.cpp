#include "attest/lab/stats.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "attest/util/files.hpp"

namespace attest::lab {

Stats::Stats(const std::vector<std::string>& device_names) {
  for (const auto& name : device_names) devices_[name];
}

void Stats::add_connection(const std::string& device) {
  std::lock_guard lock(mutex_);
  ++devices_[device].connections;
}

void Stats::add_auth_attempt(const std::string& device) {
  std::lock_guard lock(mutex_);
  ++devices_[device].auth_attempts;
}

void Stats::add_auth_accepted(const std::string& device) {
  std::lock_guard lock(mutex_);
  ++devices_[device].auth_accepted;
}

void Stats::end_connection(const std::string& device, std::uint64_t auth_attempts) {
  std::lock_guard lock(mutex_);
  auto& d = devices_[device];
  d.max_auth_attempts_in_one_connection = std::max(d.max_auth_attempts_in_one_connection, auth_attempts);
}

void Stats::add_command(const std::string& device) {
  std::lock_guard lock(mutex_);
  ++devices_[device].commands;
}

DeviceStats Stats::get(const std::string& device) const {
  std::lock_guard lock(mutex_);
  const auto it = devices_.find(device);
  return it == devices_.end() ? DeviceStats{} : it->second;
}

std::string Stats::to_json() const {
  nlohmann::ordered_json devices = nlohmann::ordered_json::object();
  {
    std::lock_guard lock(mutex_);
    for (const auto& [name, d] : devices_) {
      devices[name] = {{"connections", d.connections},
                       {"auth_attempts", d.auth_attempts},
                       {"auth_accepted", d.auth_accepted},
                       {"max_auth_attempts_in_one_connection", d.max_auth_attempts_in_one_connection},
                       {"commands", d.commands}};
    }
  }
  nlohmann::ordered_json doc;
  doc["devices"] = devices;
  return doc.dump(2) + "\n";
}

Status Stats::write(const std::string& path) const {
  if (path.empty()) return ok_status();
  std::lock_guard lock(write_mutex_);
  return write_file_atomic(path, to_json());
}

}  // namespace attest::lab
