// The Redfish collector: all I/O with one BMC over HTTPS (https.hpp), in
// this order: the unauthenticated service root (pin checked in the TLS
// handshake: on a mismatch nothing further is sent), AccountService's
// lockout settings (unauthenticated where the BMC allows, else with the
// site login), the site login, the factory-default probes (HTTP Basic, then
// a session login that is deleted again) within the room lockout_room
// leaves, then Systems, Managers, FirmwareInventory, NetworkProtocol and
// Accounts with the site login. It never judges; no secret enters evidence.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "attest/core/evidence.hpp"
#include "attest/core/inventory.hpp"
#include "attest/core/secrets.hpp"

namespace attest::redfish {

// A factory default to try (the DB's, for the device's profile).
struct DefaultProbe {
  std::string credential_id;
  std::string username;
  std::string password;  // cleansed with the probe
  ~DefaultProbe();
  DefaultProbe() = default;
  DefaultProbe(std::string id, std::string user, std::string pass)
      : credential_id(std::move(id)), username(std::move(user)), password(std::move(pass)) {}
  DefaultProbe(const DefaultProbe&) = default;
  DefaultProbe& operator=(const DefaultProbe&) = default;
};

struct Job {
  Device device;
  LoginCredential login;
  std::vector<DefaultProbe> defaults;  // in order
  std::string not_probeable;           // the profile's note, copied to evidence
  int attempt_budget = 0;              // requests with a credential, login included
  int earlier_failures = 0;            // the journal's, inside journal_window_s
  int journal_window_s = 0;
  const std::atomic<bool>* cancel = nullptr;
  std::function<void(std::string)> activity;
  std::function<void(const std::string& username, AuthRequestEvent)> auth_request;
};

// Safe to call from many threads at once; blocks its thread (the engine
// runs it beside the SSH event loops).
DeviceEvidence collect(const Job& job);

}  // namespace attest::redfish
