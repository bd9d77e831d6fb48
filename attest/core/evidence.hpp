// What a collector observed on one device: raw material, no judgement.
// Evaluators (engine/) turn evidence + golden DB into findings.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "attest/util/result.hpp"

namespace attest {

// Size caps for what we keep from a device. Reads beyond the read cap are
// refused (the command fails); the stored copy is capped further.
inline constexpr std::size_t kMaxCommandOutput = 1u << 20;  // 1 MiB read from one command
inline constexpr std::size_t kMaxStoredOutput = 16u << 10;  // 16 KiB kept in the report

struct CommandRecord {
  std::string command;
  std::string output;      // full output as read (<= kMaxCommandOutput); report keeps a capped copy
  std::string sha256;      // of the full output
  std::size_t size = 0;
  std::string started;     // RFC 3339
  std::string finished;
  std::optional<Error> error;  // timeout, dropped, too large...
};

enum class AttemptOrigin { login, factory_default, retired };
enum class AttemptOutcome {
  accepted,   // the device let us in with it
  rejected,   // the device refused it
  error,      // the attempt could not be completed (disconnect, timeout)
  not_tried,  // beyond the attempt budget, or skipped (e.g. host key mismatch)
};

struct AuthAttempt {
  AttemptOrigin origin = AttemptOrigin::factory_default;
  std::string credential_id;  // DB default id, retired id, or login credential id
  std::string username;
  std::string method;         // "none", "password", "keyboard-interactive", "publickey"
  AttemptOutcome outcome = AttemptOutcome::not_tried;
  std::string detail;         // never contains a secret
  int connection = 0;         // which connection (1-based) carried it
};

struct DeviceEvidence {
  std::string device;
  std::string started;
  std::string finished;
  std::optional<Error> connect_error;  // TCP/SSH handshake failure (first connection)
  std::string host_key_type;           // e.g. "ssh-ed25519"
  std::string host_key_fingerprint;    // "SHA256:..."
  bool host_key_matches_pin = false;
  std::optional<Error> login_error;    // login with the site credential failed
  std::optional<Error> session_error;  // shell/prompt/command-channel failure
  std::vector<CommandRecord> commands;
  std::vector<AuthAttempt> attempts;   // in the order they were made
  int attempt_budget = 0;
  int connections = 0;
};

}  // namespace attest
