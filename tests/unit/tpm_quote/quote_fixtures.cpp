#include "quote_fixtures.hpp"

#include <doctest/doctest.h>
#include <openssl/bn.h>
#include <openssl/ec.h>

#include <cstdlib>
#include <memory>

#include "attest/util/encoding.hpp"
#include "attest/util/files.hpp"

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

namespace {

using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, attest::OpenSslDeleter<ECDSA_SIG_free>>;

const EVP_MD* md_for(std::uint16_t alg) {
  return alg == kAlgSha1 ? EVP_sha1() : alg == kAlgSha384 ? EVP_sha384() : EVP_sha256();
}

Bytes ecdsa_sign(EVP_PKEY* key, const Bytes& msg, std::uint16_t hash_alg) {
  attest::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  REQUIRE(EVP_DigestSignInit(ctx.get(), nullptr, md_for(hash_alg), nullptr, key) == 1);
  std::size_t len = 0;
  REQUIRE(EVP_DigestSign(ctx.get(), nullptr, &len, msg.data(), msg.size()) == 1);
  Bytes der(len);
  REQUIRE(EVP_DigestSign(ctx.get(), der.data(), &len, msg.data(), msg.size()) == 1);
  der.resize(len);
  return der;
}

// DER ECDSA-Sig-Value -> marshaled TPMT_SIGNATURE (Part 2, 11.3.4).
Bytes to_tpmt_signature(const Bytes& der, std::uint16_t hash_alg) {
  const unsigned char* p = der.data();
  EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  REQUIRE(sig);
  TPMT_SIGNATURE t{};
  t.sigAlg = TPM2_ALG_ECDSA;
  t.signature.ecdsa.hash = hash_alg;
  t.signature.ecdsa.signatureR.size = static_cast<UINT16>(
      BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), t.signature.ecdsa.signatureR.buffer, 32));
  t.signature.ecdsa.signatureS.size = static_cast<UINT16>(
      BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), t.signature.ecdsa.signatureS.buffer, 32));
  Bytes out(sizeof(TPMT_SIGNATURE));
  std::size_t offset = 0;
  REQUIRE(Tss2_MU_TPMT_SIGNATURE_Marshal(&t, out.data(), out.size(), &offset) == TSS2_RC_SUCCESS);
  out.resize(offset);
  return out;
}

}  // namespace

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
  f.sig = to_tpmt_signature(ecdsa_sign(f.key.get(), f.msg, hash_alg), hash_alg);
  return f;
}

}  // namespace quote_test
