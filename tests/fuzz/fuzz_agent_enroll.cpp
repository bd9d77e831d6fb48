// The JSON of `attest agent ek|ak|activate` (attest.ek/v1, attest.ak/v1,
// attest.activation/v1), read from the device over SSH. Every parser sees
// every input; what parses goes on as enrollment would use it: the AK through
// check_ak_public and both keys into MakeCredential.
#include "attest/tpm/enroll/agent_json.hpp"
#include "attest/tpm/enroll/ak_check.hpp"
#include "attest/tpm/enroll/credential.hpp"
#include "attest/tpm/enroll/evidence.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace attest;
using namespace attest::tpm;

// The captured agent outputs of a real swtpm: the partner of a fuzzed key.
struct Setup {
  AgentEk ek;
  AgentAk ak;
  Bytes secret = Bytes(kCredentialSecretBytes, 0x5a);
};

const Setup& setup() {
  static const Setup s = [] {
    Setup out;
    const Bytes ek = fuzz::fixture("tpm/enroll/agent-ek.json");
    const Bytes ak = fuzz::fixture("tpm/enroll/agent-ak.json");
    auto parsed_ek = parse_agent_ek_json(fuzz::text_of(ek.data(), ek.size()));
    auto parsed_ak = parse_agent_ak_json(fuzz::text_of(ak.data(), ak.size()));
    FUZZ_CHECK(parsed_ek.ok() && parsed_ak.ok());
    out.ek = std::move(*parsed_ek);
    out.ak = std::move(*parsed_ak);
    return out;
  }();
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::text_of(data, size);
  const Setup& s = setup();
  if (auto ek = parse_agent_ek_json(text)) {
    FUZZ_CHECK(!ek->ek_public_rsa.empty() || !ek->ek_public_ecc.empty());
    if (!ek->ek_public_rsa.empty()) (void)make_enrollment_challenge(ek->ek_public_rsa, s.ak.ak_public, s.secret);
    if (auto chosen = choose_ek(*ek)) FUZZ_CHECK(!chosen->ek_public.empty());
    if (!ek->ek_public_ecc.empty()) (void)make_enrollment_challenge(ek->ek_public_ecc, s.ak.ak_public, s.secret);
  }
  if (auto ak = parse_agent_ak_json(text)) {
    FUZZ_CHECK(ak->alg == "rsa" || ak->alg == "ecc");
    if (auto checked = check_ak_public(ak->ak_public)) FUZZ_CHECK(checked->key != nullptr);
    (void)make_enrollment_challenge(s.ek.ek_public_rsa, ak->ak_public, s.secret);
  }
  if (auto activation = parse_agent_activation_json(text)) {
    FUZZ_CHECK(!activation->secret.empty() && activation->secret.size() <= 64);
    (void)secrets_equal(activation->secret, s.secret);
  }
  return 0;
}
