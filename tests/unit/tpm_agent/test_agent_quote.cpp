// Quotes and PCR reads against a real swtpm, verified with stock tpm2_checkquote.
#include <doctest/doctest.h>

#include <tss2/tss2_mu.h>

#include <regex>

#include "agent_test_util.hpp"
#include "attest/tpm/agent/marshal.hpp"

using namespace attest;
using namespace attest::tpm;
using attest::testing::AgentTpm;

namespace {

const Bytes kNonce = {0x13, 0x37, 0xc0, 0xff, 0xee, 0x00, 0x01, 0x02};

PcrSelection sel(const char* text) {
  auto s = parse_pcr_selection(text);
  REQUIRE(s.ok());
  return *s;
}

// "sha256:\n  0 : 0xABC..." (tpm2_pcrread's YAML) -> values of one bank.
std::map<unsigned, std::string> pcrread_bank(const std::string& tcti, const std::string& spec) {
  const std::string yaml = testing::capture("TPM2TOOLS_TCTI='" + tcti + "' tpm2_pcrread " + spec);
  std::map<unsigned, std::string> out;
  const std::regex line(R"(\s+(\d+)\s*:\s*0x([0-9A-Fa-f]+))");
  for (auto it = std::sregex_iterator(yaml.begin(), yaml.end(), line); it != std::sregex_iterator(); ++it) {
    std::string hex = (*it)[2];
    for (auto& ch : hex) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    out[static_cast<unsigned>(std::stoul((*it)[1]))] = hex;
  }
  return out;
}

TPMS_ATTEST attest_of(const Bytes& message) {
  auto a = unmarshal(message, Tss2_MU_TPMS_ATTEST_Unmarshal, "TPMS_ATTEST");
  REQUIRE(a.ok());
  return *a;
}

}  // namespace

TEST_CASE("quote: stock tpm2_checkquote verifies our quote, nonce and PCRs, for both AK algorithms") {
  AgentTpm t("quote");
  // Something other than zeros in a PCR, so "equal" means something.
  REQUIRE(testing::run_with_tcti(t.tpm.tcti(), "tpm2_pcrextend 4:sha256=" + std::string(64, 'a') + " >/dev/null") == 0);
  for (AkAlg alg : {AkAlg::ecc, AkAlg::rsa}) {
    CAPTURE(to_string(alg));
    auto q = quote(t.options, alg, kNonce, sel("sha256:0-7"));
    REQUIRE_MESSAGE(q.ok(), q.error().message);
    CHECK(q->nonce == kNonce);
    const TPMS_ATTEST a = attest_of(q->message);
    CHECK(a.magic == TPM2_GENERATED_VALUE);
    CHECK(a.type == TPM2_ST_ATTEST_QUOTE);
    CHECK(Bytes(a.extraData.buffer, a.extraData.buffer + a.extraData.size) == kNonce);

    const auto bank = pcrread_bank(t.tpm.tcti(), "sha256:0,1,2,3,4,5,6,7");
    REQUIRE(bank.size() == 8);
    for (unsigned i = 0; i < 8; ++i) CHECK(to_hex(q->pcrs.at(kAlgSha256).at(i)) == bank.at(i));

    const auto d = t.dir;
    testing::write_bytes(d / "ak.pub", q->ak.ak_public);
    testing::write_bytes(d / "msg", q->message);
    testing::write_bytes(d / "sig", q->signature);
    REQUIRE(testing::run_with_tcti(t.tpm.tcti(), "tpm2_pcrread -F serialized sha256:0,1,2,3,4,5,6,7 -o " + (d / "pcrs").string() + " >/dev/null") == 0);
    const std::string check = "tpm2_checkquote -u " + (d / "ak.pub").string() + " -m " + (d / "msg").string() +
                              " -s " + (d / "sig").string() + " -f " + (d / "pcrs").string() + " -g sha256 -q " +
                              to_hex(kNonce) + " >/dev/null 2>&1";
    CHECK(std::system(check.c_str()) == 0);
    const std::string wrong_nonce = "tpm2_checkquote -u " + (d / "ak.pub").string() + " -m " + (d / "msg").string() +
                                    " -s " + (d / "sig").string() + " -f " + (d / "pcrs").string() +
                                    " -g sha256 -q 00 >/dev/null 2>&1";
    CHECK(std::system(wrong_nonce.c_str()) != 0);
  }
}

TEST_CASE("quote: after a reboot the quote's resetCount has moved up by one") {
  AgentTpm t("quote-reboot");
  auto before = quote(t.options, AkAlg::ecc, kNonce, sel("sha256:0-7"));
  REQUIRE_MESSAGE(before.ok(), before.error().message);
  t.tpm.reboot();
  auto after = quote(t.options, AkAlg::ecc, kNonce, sel("sha256:0-7"));
  REQUIRE_MESSAGE(after.ok(), after.error().message);
  const TPMS_CLOCK_INFO b = attest_of(before->message).clockInfo;
  const TPMS_CLOCK_INFO a = attest_of(after->message).clockInfo;
  CHECK(a.resetCount == b.resetCount + 1);
  CHECK(b.safe == TPM2_YES);
  // swtpm_ioctl -i is a power loss without TPM2_Shutdown: the TPM then reports
  // clock values as possibly repeated (safe = NO) until its clock moves past them.
  CHECK(a.safe == TPM2_NO);
}

TEST_CASE("pcrs: more than 8 PCRs over two banks are all read (PCR_Read returns at most 8 per call)") {
  AgentTpm t("pcrs");
  auto values = read_pcrs(t.options, sel("sha1:0-23+sha256:0-23"));
  REQUIRE_MESSAGE(values.ok(), values.error().message);
  CHECK(values->at(kAlgSha1).size() == 24);
  CHECK(values->at(kAlgSha256).size() == 24);
  CHECK(values->at(kAlgSha256).at(17).size() == 32);
  const auto bank = pcrread_bank(t.tpm.tcti(), "sha256:16,17,18,19,20,21,22,23");
  REQUIRE(bank.size() == 8);
  for (const auto& [pcr, hex] : bank) CHECK(to_hex(values->at(kAlgSha256).at(pcr)) == hex);
  CHECK(pcrs_json(*values)["pcrs"]["sha1"]["23"].get<std::string>().size() == 40);

  SUBCASE("and a quote over all of them matches its pcrDigest") {
    auto q = quote(t.options, AkAlg::ecc, kNonce, sel("sha1:0-23+sha256:0-23"));
    REQUIRE_MESSAGE(q.ok(), q.error().message);
    CHECK(q->pcrs == *values);
  }
  SUBCASE("a bank the TPM has not allocated is an error, not an empty answer") {
    auto missing = read_pcrs(t.options, sel("sha512:0"));
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().kind == ErrorKind::protocol);
    MESSAGE(missing.error().message);
  }
}
