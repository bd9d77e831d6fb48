// The SSH collector: all device I/O for the rack gate, through libssh2.
// Given one device, its profile, the site login credential and a planned list
// of credential probes, it returns evidence. It never judges; it never
// exceeds the attempt budget; every network operation runs under a deadline;
// every read is size-capped. No secret value ever enters the evidence.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "attest/core/evidence.hpp"
#include "attest/core/golden.hpp"
#include "attest/core/inventory.hpp"
#include "attest/core/secrets.hpp"
#include "attest/profiles/profile.hpp"

namespace attest {

// One credential to try against the device (factory default or retired).
struct CredentialProbe {
  AttemptOrigin origin = AttemptOrigin::factory_default;
  std::string credential_id;
  std::string username;
  bool none_auth = false;  // SSH "none" authentication instead of a password
  std::string password;    // may be empty: an empty password is a real candidate
};

struct CollectRequest {
  Device device;
  const Profile* profile = nullptr;
  LoginCredential login;
  std::vector<CredentialProbe> probes;  // in order; already cut to the budget
  int attempt_budget = 6;               // total auth requests, login included
  int max_auth_per_connection = 3;      // reconnect before the server's limit
  // Run on exec channels after the profile's commands, whatever the profile's
  // mode (TPM evidence: `attest agent quote ...`, the event log). Recorded
  // like the profile's commands, same deadlines and size cap.
  std::vector<std::string> exec_commands;
  // Set when the run is interrupted (SIGINT/SIGTERM): a collector may poll it
  // and give up early; the engine marks the device "interrupted" either way.
  // Null: never cancelled. Outlives the collection (RunOptions::cancel).
  const std::atomic<bool>* cancel = nullptr;
};

// Runs the whole collection for one device. Safe to call from many threads at
// once (one call per device).
DeviceEvidence collect_device(const CollectRequest& request);

struct HostKeyInfo {
  std::string type;         // "ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa"
  std::string fingerprint;  // "SHA256:..."
};

// Connects, completes key exchange, reports the server's host key, and
// disconnects without authenticating (for `attest pin`).
Result<HostKeyInfo> fetch_host_key(const std::string& address, std::uint16_t port, Millis timeout);

}  // namespace attest
