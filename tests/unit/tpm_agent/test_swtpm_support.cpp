#include <doctest/doctest.h>

#include <filesystem>

#include "swtpm.hpp"

using attest::testing::Swtpm;

TEST_CASE("a test swtpm answers tpm2-tools and its EK certificate chains to the private CA") {
  const auto dir = std::filesystem::path(ATTEST_BINARY_DIR) / "test-runs" / "swtpm-support";
  std::filesystem::remove_all(dir);
  Swtpm tpm(dir.string() + "/tpm", dir.string() + "/ca");
  CHECK(attest::testing::run_with_tcti(tpm.tcti(), "tpm2_getrandom 8 >/dev/null 2>&1") == 0);
  const std::string verify = "openssl verify -CAfile " + tpm.root_ca_pem() + " -untrusted " + tpm.issuer_ca_pem() +
                             " " + tpm.ek_rsa_cert_path() + " >/dev/null 2>&1";
  CHECK(std::system(verify.c_str()) == 0);
  tpm.reboot();
  CHECK(attest::testing::run_with_tcti(tpm.tcti(), "tpm2_pcrread sha256:0 >/dev/null 2>&1") == 0);
}
