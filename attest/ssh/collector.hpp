// The SSH collector: all device I/O for the rack gate, through libssh2.
// Given one device, its profile, the site login credential and a planned list
// of credential probes, it returns evidence. It never judges; it never
// exceeds the attempt budget; every network operation runs under a deadline;
// every read is size-capped. No secret value ever enters the evidence.
#pragma once

#include <atomic>
#include <functional>
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
  int attempt_budget = kDefaultAttemptBudget;  // total auth requests, login included
  // Requests on one connection, its opening "none" included: at most the
  // server's MaxAuthTries, whose first "none" is free.
  int max_auth_per_connection = kDefaultMaxAuthPerConnection;
  // Algorithms attest must not offer, and services that must be closed;
  // none: libssh2's defaults, no exposure probe. A copy: a collection
  // abandoned by an interrupted run must not read the caller's DB.
  std::optional<SshPosturePolicy> posture;
  // Run on exec channels after the profile's commands, whatever the profile's
  // mode (TPM evidence: `attest agent quote ...`, the event log). Recorded
  // like the profile's commands, same deadlines and size cap.
  std::vector<std::string> exec_commands;
  // Set when the run is interrupted (SIGINT/SIGTERM): a collector may poll it
  // and give up early; the engine marks the device "interrupted" either way.
  // Null: never cancelled. Outlives the collection (RunOptions::cancel).
  const std::atomic<bool>* cancel = nullptr;
  // Told what the collection waits on now (for progress views); empty:
  // nobody. Called on the collecting thread; the callee locks what it shares.
  std::function<void(std::string)> activity;
  // Told of every authentication request: `sent` just before it goes out,
  // `accepted` when that request let us in (the attempt journal records the
  // rest as failures). Called on the collecting thread; empty: nobody.
  std::function<void(const std::string& username, AuthRequestEvent)> auth_request;
};

// Probes are sent one username per connection (ssh::schedule_probes), each
// connection opening with a "none" request for its username; the probes
// must fit the budget (the engine's planner cut them to it).
// Runs the whole collection for one device. On a fiber of an ssh::Reactor
// every wait suspends the fiber (many devices on one thread); elsewhere it
// blocks the calling thread. Safe to call from many threads at once.
DeviceEvidence collect_device(const CollectRequest& request);

struct HostKeyInfo {
  std::string type;         // "ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa"
  std::string fingerprint;  // "SHA256:..."
};

// Connects, completes key exchange, reports the server's host key, and
// disconnects without authenticating (for `attest pin`).
Result<HostKeyInfo> fetch_host_key(const std::string& address, std::uint16_t port, Millis timeout);

}  // namespace attest
