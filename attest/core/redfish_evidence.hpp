// What a Redfish collection (DMTF DSP0266, attest/redfish/) read from a BMC:
// raw facts, no judgement; the evaluators in engine/redfish_checks judge.
// Every string here came from the BMC: capped and made terminal-safe by the
// collector before it lands here.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "attest/util/result.hpp"

namespace attest {

// One HTTPS request, as sent and answered (never a header or body of ours).
struct RedfishRequest {
  std::string method;  // GET, POST, DELETE
  std::string path;    // "/redfish/v1/Systems/System.Embedded.1"
  long status = 0;     // HTTP status; 0: no answer
  std::size_t size = 0;
  std::string sha256;  // of the body as received
  bool authenticated = false;  // carried a credential (Basic or X-Auth-Token)
  std::optional<Error> error;
};

// UpdateService/FirmwareInventory members.
struct RedfishComponent {
  std::string id;
  std::string name;
  std::string version;
};

// ManagerNetworkProtocol members (IPMI, Telnet, SSDP, HTTP...).
struct RedfishProtocol {
  std::string name;
  std::optional<bool> enabled;  // ProtocolEnabled; empty: not stated
  std::optional<int> port;
};

// AccountService/Accounts members.
struct RedfishAccount {
  std::string username;
  bool enabled = false;
};

// What AccountService declares of its lockout (DSP2046 AccountService):
// the failures that lock an account, the seconds after which the failure
// counter resets, and how long a lockout lasts. Empty: not stated.
struct RedfishLockout {
  std::optional<int> threshold;        // AccountLockoutThreshold; 0: never locks
  std::optional<int> reset_after_s;    // AccountLockoutCounterResetAfter
  std::optional<int> duration_s;       // AccountLockoutDuration
  bool read_unauthenticated = false;   // the BMC answered without a credential
  std::optional<Error> error;          // AccountService could not be read
};

struct RedfishEvidence {
  std::string service_version;  // RedfishVersion of the service root
  std::string tls_subject;      // of the certificate presented
  std::string tls_not_after;
  std::string manufacturer, model, serial, bios_version;
  std::string bmc_firmware;                  // Managers/{id} FirmwareVersion
  std::vector<RedfishComponent> firmware;    // FirmwareInventory
  std::optional<Error> firmware_error;
  std::vector<RedfishProtocol> protocols;    // Managers/{id}/NetworkProtocol
  std::optional<Error> protocols_error;
  std::vector<RedfishAccount> accounts;
  std::optional<Error> accounts_error;
  RedfishLockout lockout;
  // Default-credential requests the lockout arithmetic allowed, and why no
  // more (engine/redfish lockout_room).
  int probe_room = 0;
  std::string probe_room_reason;
  // A default whose password no probe can know (iLO's per-server label).
  std::string not_probeable;
  std::vector<RedfishRequest> requests;  // in the order sent
};

}  // namespace attest
