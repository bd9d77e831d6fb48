// An EK certificate from the TPM's NV (the agent's "der", DER or PEM, maybe
// padded to the NV index size): parsing, padding tolerance and chain
// verification to the lab manufacturer root.
#include "attest/tpm/enroll/ek_certificate.hpp"
#include "fuzz_support.hpp"

using namespace attest;
using namespace attest::tpm;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<std::string> roots = {fuzz::source_path("tests/fixtures/tpm/enroll/lab-root.pem")};
  static const std::vector<std::string> intermediates = {fuzz::source_path("tests/fixtures/tpm/enroll/lab-issuer.pem")};
  auto cert = verify_ek_certificate(fuzz::bytes_of(data, size), roots, intermediates);
  if (!cert) {
    FUZZ_CHECK(cert.error().kind == ErrorKind::parse || cert.error().kind == ErrorKind::crypto);
    return 0;
  }
  FUZZ_CHECK(cert->public_key != nullptr && cert->sha256.size() == 64);
  FUZZ_CHECK(cert->key_type == "rsa" || cert->key_type == "ecc");
  return 0;
}
