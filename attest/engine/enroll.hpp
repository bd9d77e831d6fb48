// TPM enrollment of devices over SSH: read the EK certificates and the AK,
// prove with credential activation that the AK lives in the TPM whose EK the
// manufacturer certified, and record it. Verification is pure (tpm/enroll);
// this file only sequences the two collections and the crypto.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "attest/core/secrets.hpp"
#include "attest/engine/run.hpp"
#include "attest/sign/db_manifest.hpp"
#include "attest/tpm/enroll/evidence.hpp"

namespace attest {

struct EnrollOutcome {
  Device device;
  std::optional<tpm::EnrollmentRecord> record;  // set when enrolled
  std::string error;                            // why not, otherwise
};

struct EnrollOptions {
  std::size_t max_sessions = ssh::kDefaultMaxSessions;
  double handshake_rate = ssh::kDefaultHandshakeRate;
  tpm::EnrollmentTrust trust;
  Collector collector;  // default: collect_device (libssh2)
};

// The trusted EK roots: the reviewed tpm-roots/*.pem of the DB, from the bytes
// verify_db (or read_unsigned_db) read, named "<db_dir>/tpm-roots/<file>".
std::vector<tpm::PemText> trusted_ek_roots(const sign::DbFiles& db_files, const std::string& db_dir);

// Enrolls every TPM-equipped device of `devices` (others are skipped).
std::vector<EnrollOutcome> enroll_devices(const std::vector<Device>& devices, const Secrets& secrets,
                                          const EnrollOptions& options);

}  // namespace attest
