// A marshaled TPM2B_PUBLIC from the device (the agent's ak_public and
// ek_public, tpm2_readpublic -o): unmarshalling, the OpenSSL key, the Name,
// the AK policy check, and MakeCredential with the bytes as the EK.
#include "attest/tpm/enroll/ak_check.hpp"
#include "attest/tpm/enroll/credential.hpp"
#include "attest/tpm/pcr.hpp"
#include "attest/tpm/quote/public_key.hpp"
#include "fuzz_support.hpp"

using namespace attest;
using namespace attest::tpm;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = fuzz::bytes_of(data, size);
  auto pub = parse_tpm2b_public(bytes);
  if (pub) {
    // TPM2B: the size field covers exactly the TPMT_PUBLIC that follows (Part 2, 12.2.5).
    FUZZ_CHECK(size >= 2 && static_cast<std::size_t>(data[0] << 8 | data[1]) == size - 2);
    const Bytes name = tpm_name(pub->tpmt_public);
    FUZZ_CHECK(name.empty() || name.size() == 2 + hash_alg_size(pub->name_alg));
  }
  auto key = public_key_from_tpm2b_public(bytes);
  FUZZ_CHECK(!key.ok() || (pub.ok() && *key != nullptr));
  if (auto ak = check_ak_public(bytes)) FUZZ_CHECK(pub.ok() && ak->name == tpm_name(pub->tpmt_public));
  static const Bytes ak_name = fuzz::fixture("tpm/quote/ecc.ak.name");
  const Bytes secret(kCredentialSecretBytes, 0xa5);
  auto challenge = make_credential(bytes, ak_name, secret);
  FUZZ_CHECK(!challenge.ok() || (pub.ok() && !challenge->credential_blob.empty()));
  return 0;
}
