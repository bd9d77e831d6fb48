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
#include "attest/tpm/enroll/evidence.hpp"

namespace attest {

struct EnrollOutcome {
  Device device;
  std::optional<tpm::EnrollmentRecord> record;  // set when enrolled
  std::string error;                            // why not, otherwise
};

struct EnrollOptions {
  int jobs = 8;
  tpm::EnrollmentTrust trust;
  Collector collector;  // default: collect_device (libssh2)
};

// The trusted EK roots: the reviewed PEM files in DB_DIR/tpm-roots/, then `extra`.
std::vector<std::string> trusted_ek_roots(const std::string& db_dir, const std::vector<std::string>& extra);

// Enrolls every TPM-equipped device of `devices` (others are skipped).
std::vector<EnrollOutcome> enroll_devices(const std::vector<Device>& devices, const Secrets& secrets,
                                          const EnrollOptions& options);

}  // namespace attest
