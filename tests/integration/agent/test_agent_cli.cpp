#include <doctest/doctest.h>

#include <sys/wait.h>
#include <tss2/tss2_mu.h>

#include <cstdio>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "attest/tpm/agent/marshal.hpp"
#include "attest/tpm/agent/templates.hpp"
#include "swtpm.hpp"

using namespace attest;
using namespace attest::tpm;

namespace {

struct Run {
  int exit = -1;
  std::string out;
};

// Runs `attest agent ARGS` with TPM2TOOLS_TCTI set; stderr is discarded.
Run agent(const std::string& tcti, const std::string& args) {
  const std::string cmd = "TPM2TOOLS_TCTI='" + tcti + "' " ATTEST_BINARY " agent " + args + " 2>/dev/null";
  Run r;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  REQUIRE(pipe);
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) r.out.append(buf, n);
  const int status = ::pclose(pipe);
  r.exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

nlohmann::json json_of(const Run& r) {
  REQUIRE(r.exit == 0);
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  return j;
}

Bytes b64(const nlohmann::json& v) {
  auto b = from_base64(v.get<std::string>(), "json");
  REQUIRE(b.ok());
  return *b;
}

}  // namespace

TEST_CASE("attest agent ek / ak / quote / pcrs print their JSON documents for the TPM in TPM2TOOLS_TCTI") {
  const auto dir = std::filesystem::path(ATTEST_BINARY_DIR) / "test-runs" / "integration-agent";
  std::filesystem::remove_all(dir);
  attest::testing::Swtpm tpm(dir.string() + "/tpm", dir.string() + "/ca");

  const auto ek = json_of(agent(tpm.tcti(), "ek"));
  CHECK(ek["schema"] == "attest.ek/v1");
  REQUIRE(ek["certificates"].size() == 2);
  CHECK(ek["certificates"][0]["nv_index"] == "0x01c00002");
  CHECK(ek["certificates"][1]["nv_index"] == "0x01c00016");
  CHECK(unmarshal(b64(ek["ek_public"]["rsa"]), Tss2_MU_TPM2B_PUBLIC_Unmarshal, "TPM2B_PUBLIC").ok());

  const auto ak = json_of(agent(tpm.tcti(), "ak --alg rsa"));
  CHECK(ak["schema"] == "attest.ak/v1");
  CHECK(ak["alg"] == "rsa");
  auto pub = unmarshal(b64(ak["ak_public"]), Tss2_MU_TPM2B_PUBLIC_Unmarshal, "TPM2B_PUBLIC");
  REQUIRE(pub.ok());
  CHECK(to_hex(*object_name(pub->publicArea)) == ak["ak_name"]);

  const auto q = json_of(agent(tpm.tcti(), "quote --nonce 00112233445566778899 --pcrs sha256:0-3,7"));
  CHECK(q["schema"] == "attest.quote/v1");
  CHECK(q["nonce"] == "00112233445566778899");
  CHECK(q["pcr_selection"] == "sha256:0,1,2,3,7");
  CHECK(q["pcrs"]["sha256"].size() == 5);
  CHECK(q["ak_name"] == json_of(agent(tpm.tcti(), "ak"))["ak_name"]);  // ecc by default
  CHECK(unmarshal(b64(q["message"]), Tss2_MU_TPMS_ATTEST_Unmarshal, "TPMS_ATTEST").ok());
  CHECK(unmarshal(b64(q["signature"]), Tss2_MU_TPMT_SIGNATURE_Unmarshal, "TPMT_SIGNATURE").ok());

  const auto p = json_of(agent(tpm.tcti(), "pcrs --pcrs sha256:7"));
  CHECK(p["schema"] == "attest.pcrs/v1");
  CHECK(p["pcrs"]["sha256"]["7"] == q["pcrs"]["sha256"]["7"]);

  // --tcti wins over the environment.
  CHECK(json_of(agent("swtpm:host=127.0.0.1,port=1", "ak --alg rsa --tcti " + tpm.tcti()))["ak_name"] == ak["ak_name"]);
}

TEST_CASE("attest agent: bad usage exits 2 without touching the TPM, an unreachable TPM exits 3") {
  const std::string nowhere = "swtpm:host=127.0.0.1,port=1";
  CHECK(agent(nowhere, "quote --nonce ''").exit == 2);
  CHECK(agent(nowhere, "quote --nonce " + std::string(130, 'a')).exit == 2);
  CHECK(agent(nowhere, "quote --nonce 0g").exit == 2);
  CHECK(agent(nowhere, "quote --nonce 00 --pcrs sha256:99").exit == 2);
  CHECK(agent(nowhere, "ak --alg dsa").exit == 2);
  CHECK(agent(nowhere, "activate --credential-blob AAAA --encrypted-secret '!!'").exit == 2);
  // Empty TPM2Bs parse, so only the TPM is left to refuse them; an unknown --ek never gets that far.
  CHECK(agent(nowhere, "activate --ek ecc --credential-blob AAA= --encrypted-secret AAA=").exit == 3);
  CHECK(agent(nowhere, "activate --ek dsa --credential-blob AAA= --encrypted-secret AAA=").exit == 2);
  CHECK(agent(nowhere, "frobnicate").exit == 2);
  CHECK(agent(nowhere, "ak").exit == 3);
}
