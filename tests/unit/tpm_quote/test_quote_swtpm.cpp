// Interop, live: stock tpm2_createak + tpm2_quote against a fresh swtpm, the
// files they write verified in-process; then a TPM reboot shows as resetCount.
#include <doctest/doctest.h>

#include <filesystem>

#include "attest/util/encoding.hpp"
#include "attest/util/files.hpp"
#include "quote_fixtures.hpp"
#include "swtpm.hpp"

using namespace attest::tpm;
using attest::Bytes;
using attest::testing::run_with_tcti;

namespace {

const char* kNonce = "00112233445566778899aabbccddeeff0badc0ffee";

Bytes read_bytes(const std::string& path) {
  auto text = attest::read_file(path, 1u << 16);
  REQUIRE_MESSAGE(text.ok(), path);
  return Bytes(text->begin(), text->end());
}

// Creates an AK (`-G alg -s scheme`) under the RSA EK, writes DIR/ak.pem and
// makes it persistent at `handle` (a saved transient context dies with a reboot).
void create_ak(const std::string& tcti, const std::string& dir, const std::string& alg, const std::string& scheme,
               const std::string& handle) {
  const std::string q = " >>" + dir + "/tools.log 2>&1";
  REQUIRE(run_with_tcti(tcti, "tpm2_createek -c " + dir + "/ek.ctx -G rsa -u " + dir + "/ek.pub" + q) == 0);
  REQUIRE(run_with_tcti(tcti, "tpm2_flushcontext -t" + q) == 0);
  REQUIRE(run_with_tcti(tcti, "tpm2_createak -C " + dir + "/ek.ctx -c " + dir + "/ak.ctx -G " + alg + " -g sha256 -s " +
                                  scheme + " -f pem -u " + dir + "/ak.pem -n " + dir + "/ak.name -q " + dir +
                                  "/ak.qname" + q) == 0);
  REQUIRE(run_with_tcti(tcti, "tpm2_flushcontext -t" + q) == 0);
  REQUIRE(run_with_tcti(tcti, "tpm2_flushcontext -s" + q) == 0);
  REQUIRE(run_with_tcti(tcti, "tpm2_evictcontrol -C o -c " + dir + "/ak.ctx " + handle + q) == 0);
  REQUIRE(run_with_tcti(tcti, "tpm2_flushcontext -t" + q) == 0);
}

Bytes quote(const std::string& tcti, const std::string& dir, const std::string& handle) {
  const std::string q = " >>" + dir + "/tools.log 2>&1";
  REQUIRE(run_with_tcti(tcti, "tpm2_quote -c " + handle + " -l sha256:0,1,2,3,4,5,6,7 -q " + kNonce +
                                  " -g sha256 -m " + dir + "/msg -s " + dir + "/sig -o " + dir + "/pcrs" + q) == 0);
  REQUIRE(run_with_tcti(tcti, "tpm2_flushcontext -t" + q) == 0);
  REQUIRE(run_with_tcti(tcti, "tpm2_flushcontext -s" + q) == 0);
  return read_bytes(dir + "/msg");
}

attest::Result<VerifiedQuote> verify_files(const std::string& dir, const QuotePolicy& policy) {
  const Bytes pem = read_bytes(dir + "/ak.pem");
  auto key = load_public_key_pem(std::string(pem.begin(), pem.end()));
  REQUIRE(key.ok());
  auto pcrs = parse_pcr_file(read_bytes(dir + "/pcrs"));
  REQUIRE(pcrs.ok());
  return verify_quote(read_bytes(dir + "/msg"), read_bytes(dir + "/sig"), *pcrs, key->get(), policy);
}

}  // namespace

TEST_CASE("quotes that stock tpm2_quote takes from swtpm with RSA and ECC AKs verify, and a reboot is reported") {
  const auto root = std::filesystem::path(ATTEST_BINARY_DIR) / "test-runs" / "quote-swtpm";
  std::filesystem::remove_all(root);
  attest::testing::Swtpm tpm((root / "tpm").string(), (root / "ca").string());
  QuotePolicy policy;
  policy.nonce = *attest::hex_decode(kNonce);
  policy.required = *parse_pcr_selection("sha256:0-7");
  struct Ak { const char* alg; const char* scheme; const char* handle; };
  for (const Ak& ak : {Ak{"rsa", "rsassa", "0x81010002"}, Ak{"ecc", "ecdsa", "0x81010003"}}) {
    const std::string alg = ak.alg;
    CAPTURE(alg);
    const std::string dir = (root / alg).string();
    std::filesystem::create_directories(dir);
    create_ak(tpm.tcti(), dir, alg, ak.scheme, ak.handle);
    quote(tpm.tcti(), dir, ak.handle);
    policy.expected_signer_name = read_bytes(dir + "/ak.qname");
    auto first = verify_files(dir, policy);
    REQUIRE_MESSAGE(first.ok(), (first.ok() ? "" : first.error().message));

    REQUIRE(run_with_tcti(tpm.tcti(), "tpm2_shutdown -c >/dev/null 2>&1") == 0);  // orderly: the clock stays safe
    tpm.reboot();
    quote(tpm.tcti(), dir, ak.handle);
    policy.min_reset_count = first->reset_count;
    policy.min_restart_count = first->restart_count;
    auto second = verify_files(dir, policy);
    REQUIRE_MESSAGE(second.ok(), (second.ok() ? "" : second.error().message));
    CHECK(second->reset_count == first->reset_count + 1);
    CHECK(second->rebooted);
    policy.min_reset_count.reset();
    policy.min_restart_count.reset();
  }

  // A power loss without TPM2_Shutdown: the TPM cannot vouch that Clock did not
  // repeat, and says so with clockInfo.safe = NO (Part 1, 36.5).
  tpm.reboot();
  const std::string dir = (root / "ecc").string();
  quote(tpm.tcti(), dir, "0x81010003");
  CHECK(quote_test::fails_with(verify_files(dir, policy), attest::ErrorKind::crypto, "clockInfo.safe is 0"));
  policy.require_safe_clock = false;
  CHECK(verify_files(dir, policy).ok());
}
