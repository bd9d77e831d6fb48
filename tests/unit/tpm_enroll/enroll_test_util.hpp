// Shared fixtures for the enrollment tests: one real swtpm per manufacturer
// CA with EK/AK artifacts made by stock tpm2-tools, and a small OpenSSL
// certificate factory for EK certificates swtpm does not produce.
#pragma once

#include <optional>
#include <string>

#include "attest/tpm/enroll/credential.hpp"
#include "attest/tpm/enroll/evidence.hpp"

#include "attest/util/digest.hpp"
#include "attest/util/openssl_ptr.hpp"
#include "swtpm.hpp"

namespace attest::tpm::test {

// A manufactured swtpm plus, in dir(): ek.ctx/ek.pub (RSA EK, TPM2B_PUBLIC;
// the L-2 ECC EK on an EkCerts::ecc_only TPM), ak.ctx/ak.pub/ak.name (ECC AK
// under it), akrsa.pub/akrsa.name (RSA AK).
struct LabTpm {
  LabTpm(const std::string& name, const std::string& ca_name, lab::EkCerts certs = lab::EkCerts::swtpm_default);
  std::string dir;
  attest::testing::Swtpm tpm;
  std::string file(const std::string& name) const { return dir + "/" + name; }
  int run(const std::string& command) const;  // with the TCTI set, output discarded
};

// The first lab TPM (CA "vendor-a") and a second one from another CA ("vendor-b").
LabTpm& lab_tpm();
LabTpm& other_lab_tpm();
// A TPM with only an ECC EK certificate (NV 0x01c0000a), CA "vendor-ecc".
LabTpm& ecc_lab_tpm();

// Runs stock tpm2_activatecredential on `challenge` (EK policy session with
// PolicySecret(endorsement), Part 3 12.5) and returns the recovered secret,
// or nothing when the TPM refuses. Flushes everything afterwards (3 slots).
std::optional<Bytes> activate(const LabTpm& tpm, const CredentialChallenge& challenge, const std::string& ek_ctx,
                              const std::string& ak_ctx);

// Enrollment steps 2 and 3 against `tpm`: a fresh challenge secret, the
// challenge for ev.ek_public / ev.ak_public, and the secret stock
// tpm2_activatecredential returns (with ek.ctx, ak.ctx) in ev.returned_secret.
void run_challenge(const LabTpm& tpm, EnrollmentEvidence& ev);

Bytes read_bytes(const std::string& path);
void write_bytes(const std::string& path, const Bytes& data);
// A fresh, empty directory under the build tree's test-runs/.
std::string scratch_dir(const std::string& name);

// A self-signed test CA (RSA-2048) or a certificate it issues.
struct TestCert {
  EvpPkeyPtr key;
  X509Ptr cert;
};
struct LeafOptions {
  bool critical_unknown_extension = false;  // 2.23.133.99.1, critical
  bool expired = false;
  bool ecc = false;  // P-384 key instead of RSA-2048
};
TestCert make_test_ca(const std::string& common_name);
TestCert make_test_leaf(const TestCert& ca, const LeafOptions& options);
Bytes der_of(const X509* cert);
// Writes the certificate as PEM to `path` and returns `path`.
std::string write_pem(const std::string& path, const X509* cert);

}  // namespace attest::tpm::test
