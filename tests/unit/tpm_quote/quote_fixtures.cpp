#include "quote_fixtures.hpp"

#include <doctest/doctest.h>

#include <cstdlib>

#include "attest/util/encoding.hpp"
#include "attest/util/files.hpp"
#include "quote_signer.hpp"

namespace quote_test {

using namespace attest;
using namespace attest::tpm;

// tss2-mu logs every refused structure to stderr; the tests refuse thousands.
[[maybe_unused]] const int kQuietTss2 = ::setenv("TSS2_LOG", "marshal+none", 0);

std::string fixture_path(const std::string& name) {
  return std::string(ATTEST_SOURCE_DIR) + "/tests/fixtures/tpm/quote/" + name;
}

std::string fixture_text(const std::string& name) {
  auto text = attest::read_file(fixture_path(name), 1u << 20);
  if (!text) FAIL("fixture " << name << ": " << text.error().message);
  return *text;
}

Bytes fixture(const std::string& name) {
  const std::string text = fixture_text(name);
  return Bytes(text.begin(), text.end());
}

Captured load(const std::string& kind) {
  Captured c;
  c.msg = fixture(kind + ".msg");
  c.sig = fixture(kind + ".sig");
  c.pcr_file = fixture(kind + ".pcrs");
  c.ak_pub = fixture(kind + ".ak.pub");
  c.ak_qname = fixture(kind + ".ak.qname");
  auto pcrs = parse_pcr_file(c.pcr_file);
  REQUIRE_MESSAGE(pcrs.ok(), (pcrs.ok() ? "" : pcrs.error().message));
  c.pcrs = *pcrs;
  auto ak = load_public_key_pem(fixture_text(kind + ".ak.pem"));
  REQUIRE_MESSAGE(ak.ok(), (ak.ok() ? "" : ak.error().message));
  c.ak = std::move(*ak);
  return c;
}

QuotePolicy fixture_policy() {
  QuotePolicy p;
  p.nonce = *hex_decode(fixture_text("nonce.hex"));
  p.required = *parse_pcr_selection("sha256:0-7");
  return p;
}

Forgery forge(const Bytes& genuine_msg, const std::function<void(TPMS_ATTEST&)>& edit, std::uint16_t hash_alg) {
  TPMS_ATTEST attest{};
  std::size_t offset = 0;
  REQUIRE(Tss2_MU_TPMS_ATTEST_Unmarshal(genuine_msg.data(), genuine_msg.size(), &offset, &attest) == TSS2_RC_SUCCESS);
  edit(attest);
  Forgery f;
  f.msg.resize(sizeof(TPMS_ATTEST));
  offset = 0;
  REQUIRE(Tss2_MU_TPMS_ATTEST_Marshal(&attest, f.msg.data(), f.msg.size(), &offset) == TSS2_RC_SUCCESS);
  f.msg.resize(offset);
  f.key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  REQUIRE(f.key);
  auto sig = attest::testing::ecdsa_tpmt_signature(f.key.get(), f.msg, hash_alg);
  REQUIRE_MESSAGE(sig.ok(), (sig.ok() ? "" : sig.error().message));
  f.sig = std::move(*sig);
  return f;
}

}  // namespace quote_test
