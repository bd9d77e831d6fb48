// Enrollment as one pure decision: given what the device's agent returned
// and what we trust, either the record to store or the precise reason to refuse.
//
// The flow the caller drives (I/O is the caller's):
//   1. `attest agent ek` -> parse_agent_ek_json; `attest agent ak` -> parse_agent_ak_json
//   2. secret = fresh_secret(); challenge = make_enrollment_challenge(ek_public, ak_public, secret)
//   3. device runs `attest agent activate` on the challenge -> parse_agent_activation_json
//   4. verify_enrollment_evidence(...) -> EnrollmentRecord -> record_enrollment + save
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "attest/tpm/enroll/credential.hpp"
#include "attest/tpm/enroll/ek_certificate.hpp"
#include "attest/tpm/enroll/enrollments.hpp"

namespace attest::tpm {

struct EnrollmentEvidence {
  std::string device;                 // inventory name, for messages
  std::string serial;                 // as read from the device / inventory
  std::string enrolled_at;            // RFC 3339, the caller's clock
  std::vector<Bytes> ek_certificates; // DER from attest.ek/v1 "certificates"
  Bytes ek_public;                    // attest.ek/v1 ek_public.rsa (TPM2B_PUBLIC)
  Bytes ak_public;                    // attest.ak/v1 ak_public (TPM2B_PUBLIC)
  Bytes ak_name_reported;             // attest.ak/v1 ak_name; checked if not empty
  Bytes challenge_secret;             // what we passed to make_enrollment_challenge
  Bytes returned_secret;              // attest.activation/v1 secret
  std::uint32_t reset_count = 0;      // from the enrollment quote, if any
  std::uint32_t restart_count = 0;
};

struct EnrollmentTrust {
  std::vector<std::string> root_pem_files;          // extra roots given as files (--tpm-root, lab CA)
  std::vector<std::string> intermediate_pem_files;  // vendor intermediates, untrusted
  std::vector<PemText> root_pems;                   // the verified DB's tpm-roots/*.pem bytes
};

// MakeCredential against the AK name computed here from ak_public (never the
// name the agent reports), after check_ak_public accepts the AK.
Result<CredentialChallenge> make_enrollment_challenge(std::span<const std::uint8_t> ek_public,
                                                      std::span<const std::uint8_t> ak_public,
                                                      std::span<const std::uint8_t> secret);

// Requires: an EK certificate that chains to a trusted root AND certifies
// ek_public; an acceptable AK (check_ak_public) whose reported name, if any,
// matches; and the activation secret equal to the challenge (constant time).
// ErrorKind::crypto with "<device>: <reason>" otherwise.
Result<EnrollmentRecord> verify_enrollment_evidence(const EnrollmentEvidence& ev, const EnrollmentTrust& trust);

}  // namespace attest::tpm
