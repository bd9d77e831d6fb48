#include "attest/tpm/enroll/evidence.hpp"

#include <algorithm>
#include <optional>

#include "attest/tpm/enroll/ak_check.hpp"
#include "attest/tpm/enroll/ek_certificate.hpp"

namespace attest::tpm {
namespace {

Error refuse(const EnrollmentEvidence& ev, const Error& e) {
  return make_error(e.kind, ev.device + ": " + e.message);
}

// The first certificate that both verifies and certifies ek_public; else the
// most useful reason (a chain error beats "does not match").
Result<EkCertificateCheck> certified_ek(const EnrollmentEvidence& ev, const EnrollmentTrust& trust) {
  if (ev.ek_certificates.empty()) return make_error(ErrorKind::crypto, "the TPM has no EK certificate");
  std::optional<Error> first_error;
  for (std::size_t i = 0; i < ev.ek_certificates.size(); ++i) {
    auto check = verify_ek_certificate(ev.ek_certificates[i], trust.root_pem_files, trust.intermediate_pem_files,
                                       trust.root_pems);
    if (!check) {
      if (!first_error) first_error = check.error();
      continue;
    }
    if (ek_matches_certificate(check->public_key.get(), ev.ek_public)) return check;
  }
  if (first_error) return *first_error;
  return make_error(ErrorKind::crypto, "no EK certificate certifies the " + ev.ek_alg +
                                           " EK public key the TPM reported (it is not the certified key)");
}

bool has_certificate(const AgentEk& ek, std::string_view key) {
  return std::any_of(ek.certificates.begin(), ek.certificates.end(),
                     [key](const AgentEkCertificate& c) { return c.key == key; });
}

}  // namespace

Result<ChosenEk> choose_ek(const AgentEk& ek) {
  if (!ek.ek_public_rsa.empty() && has_certificate(ek, "rsa")) return ChosenEk{"rsa", ek.ek_public_rsa};
  if (!ek.ek_public_ecc.empty() && has_certificate(ek, "ecc")) return ChosenEk{"ecc", ek.ek_public_ecc};
  if (ek.certificates.empty()) return make_error(ErrorKind::crypto, "the TPM has no EK certificate");
  std::string reported = ek.ek_public_rsa.empty() ? "" : "rsa";
  if (!ek.ek_public_ecc.empty()) reported += reported.empty() ? "ecc" : " and ecc";
  return make_error(ErrorKind::crypto, "the agent reported the " + reported +
                                           " EK, but the TPM holds no EK certificate of that type");
}

Status check_certified_ek(const EnrollmentEvidence& ev, const EnrollmentTrust& trust) {
  auto ek = certified_ek(ev, trust);
  if (!ek) return refuse(ev, ek.error());
  return ok_status();
}

Result<CredentialChallenge> make_enrollment_challenge(std::span<const std::uint8_t> ek_public,
                                                      std::span<const std::uint8_t> ak_public,
                                                      std::span<const std::uint8_t> secret) {
  auto ak = check_ak_public(ak_public);
  if (!ak) return ak.error();
  return make_credential(ek_public, ak->name, secret);
}

Result<EnrollmentRecord> verify_enrollment_evidence(const EnrollmentEvidence& ev, const EnrollmentTrust& trust) {
  auto ek = certified_ek(ev, trust);
  if (!ek) return refuse(ev, ek.error());
  auto ak = check_ak_public(ev.ak_public);
  if (!ak) return refuse(ev, ak.error());
  if (!ev.ak_name_reported.empty() && ev.ak_name_reported != ak->name) {
    return refuse(ev, make_error(ErrorKind::crypto, "the AK name the agent reported is not the name of its AK public"));
  }
  if (!secrets_equal(ev.challenge_secret, ev.returned_secret)) {
    return refuse(ev, make_error(ErrorKind::crypto,
                                 "credential activation returned a different secret: the AK is not proven to be "
                                 "in the TPM of the certified EK"));
  }
  EnrollmentRecord rec;
  rec.serial = ev.serial;
  rec.enrolled_at = ev.enrolled_at;
  rec.ek_certificate_sha256 = ek->sha256;
  rec.ek_certificate_issuer = ek->issuer;
  rec.ek_public = ev.ek_public;
  rec.ak_public = ev.ak_public;
  rec.ak_name = ak->name;
  rec.reset_count = ev.reset_count;
  rec.restart_count = ev.restart_count;
  rec.tolerated = ek->tolerated;
  return rec;
}

}  // namespace attest::tpm
