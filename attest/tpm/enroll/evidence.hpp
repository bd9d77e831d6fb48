// Enrollment as one pure decision: given what the device's agent returned
// and what we trust, either the record to store or the precise reason to refuse.
//
// The flow the caller drives (I/O is the caller's):
//   1. `attest agent ek` -> parse_agent_ek_json; `attest agent ak` -> parse_agent_ak_json
//   2. choose_ek picks the EK; check_certified_ek refuses an EK no certificate certifies;
//      secret = fresh_secret(); challenge = make_enrollment_challenge(ek_public, ak_public, secret)
//   3. device runs `attest agent activate` on the challenge -> parse_agent_activation_json
//   4. verify_enrollment_evidence(...) -> EnrollmentRecord -> record_enrollment + save
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "attest/tpm/enroll/agent_json.hpp"
#include "attest/tpm/enroll/credential.hpp"
#include "attest/tpm/enroll/ek_certificate.hpp"
#include "attest/tpm/enroll/enrollments.hpp"

namespace attest::tpm {

struct EnrollmentEvidence {
  std::string device;                 // inventory name, for messages
  std::string serial;                 // as read from the device / inventory
  std::string enrolled_at;            // RFC 3339, the caller's clock
  std::vector<Bytes> ek_certificates; // DER from attest.ek/v1 "certificates"
  std::string ek_alg = "rsa";         // which EK: "rsa" (L-1) | "ecc" (L-2), as choose_ek says
  Bytes ek_public;                    // attest.ek/v1 ek_public.<ek_alg> (TPM2B_PUBLIC)
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

// The EK to challenge: the RSA EK when the TPM holds an RSA EK certificate and
// the agent reported that EK (RSA first: what TPMs have certified longest and
// every tool supports), else the ECC EK with an ECC certificate. A TPM whose
// reported EKs match no certificate type is refused (ErrorKind::crypto).
struct ChosenEk {
  std::string alg;  // "rsa" | "ecc", also the agent's `activate --ek`
  Bytes ek_public;  // marshaled TPM2B_PUBLIC
};
Result<ChosenEk> choose_ek(const AgentEk& ek);

// Ok when a certificate of ev.ek_certificates chains to a trusted root and
// certifies ev.ek_public; "<device>: <reason>" otherwise. Run before the
// challenge so a foreign EK is named before any secret is bound to it.
Status check_certified_ek(const EnrollmentEvidence& ev, const EnrollmentTrust& trust);

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
