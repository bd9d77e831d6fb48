// The gate pipeline shared by `attest rack` and `attest demo`:
// load & validate inputs (exit 2 on any problem, before touching a device),
// verify the golden DB's signature, run the devices, write the outputs
// (report.json + signature, HTML, JUnit, ledger) atomically, print the table.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "attest/cli/exit_codes.hpp"
#include "attest/engine/run.hpp"
#include "attest/sign/db_manifest.hpp"

namespace attest::cli {

struct RackRunInputs {
  std::string inventory;
  std::string db_dir;
  std::vector<std::string> db_pubkeys;  // trusted golden DB signing keys (PEM)
  bool allow_unsigned_db = false;       // development only: recorded in the report; `attest gate` refuses it
  std::string secrets;
  std::string out_dir;
  std::string sign_key;        // Ed25519 private key: writes report.json.sig
  std::string ledger;          // JSON Lines run ledger to append to
  std::string operator_name;   // default: the login user
  std::string enrollments;  // TPM enrollment file; TPM devices fail tpm-enrollment without one
  std::string waivers;         // signed waivers file (attest.waivers/v1); empty: none
  std::string waivers_pubkey;  // the key its signature must verify under
  bool enroll_new = false;  // first enroll TPM devices that have no record (updates `enrollments`)
  std::vector<std::string> tpm_roots;          // extra trusted EK roots (PEM) besides DB/tpm-roots/
  std::vector<std::string> tpm_intermediates;  // EK intermediate CAs (PEM, untrusted)
  std::string rack;  // only this rack, when set
  std::vector<std::string> devices;  // only these devices (--device), when set
  std::string failed_from;           // only the devices this verified report blocked, when set
  std::string failed_from_pubkey;    // its signer's key; default: the public half of sign_key
  std::string state_dir;             // the attempt journal's directory; "": default_state_dir()
  std::optional<ShardSpec> shard;  // only shard I of N (whole racks; see engine/shard.hpp)
  int max_sessions = static_cast<int>(ssh::kDefaultMaxSessions);  // devices in flight
  int threads = 0;                                                 // event loops; 0: ssh::default_threads()
  double handshake_rate = ssh::kDefaultHandshakeRate;             // new connections per second, 0: no cap
  bool json = false;  // report JSON on stdout, table on stderr
  bool quiet = false; // no progress: neither the live view nor plain lines
};

struct RackRunOutcome {
  ExitCode exit = ExitCode::internal;
  RunReport report;
};

RackRunOutcome run_rack(const RackRunInputs& in);

// The golden DB `dir` read once: verified under `pubkeys`, or, with
// `allow_unsigned` (and no key), read unverified. Shared by rack and enroll.
[[nodiscard]] Result<sign::VerifiedDb> read_trusted_db(const std::string& dir, const std::vector<std::string>& pubkeys,
                                                       bool allow_unsigned);

}  // namespace attest::cli
