// Per-device counters, shared by all connection threads, written as JSON
// ({"devices":{"<name>":{...}}}) so tests can see what a client attempted.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "attest/util/result.hpp"

namespace attest::lab {

struct DeviceStats {
  std::uint64_t connections = 0;
  std::uint64_t auth_attempts = 0;
  std::uint64_t auth_accepted = 0;
  std::uint64_t max_auth_attempts_in_one_connection = 0;
  std::uint64_t commands = 0;
};

class Stats {
 public:
  explicit Stats(const std::vector<std::string>& device_names);

  void add_connection(const std::string& device);
  void add_auth_attempt(const std::string& device);
  void add_auth_accepted(const std::string& device);
  // Called when a connection ends with its number of authentication attempts.
  void end_connection(const std::string& device, std::uint64_t auth_attempts);
  void add_command(const std::string& device);

  DeviceStats get(const std::string& device) const;
  std::string to_json() const;
  // Atomic rewrite; concurrent writers are serialized so the newest wins.
  [[nodiscard]] Status write(const std::string& path) const;

 private:
  mutable std::mutex mutex_;
  mutable std::mutex write_mutex_;
  std::map<std::string, DeviceStats> devices_;
};

}  // namespace attest::lab
