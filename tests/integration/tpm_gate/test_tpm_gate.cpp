// Enroll, quote, verify through the engine against real swtpms: the checks
// tpm-enrollment and tpm-quote, a clean reboot reported (not failed), a
// replayed quote and a swapped TPM caught.
#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>

#include <openssl/rand.h>

#include "attest/engine/enroll.hpp"
#include "attest/engine/tpm_checks.hpp"
#include "attest/util/process.hpp"
#include "swtpm.hpp"

using namespace attest;
using attest::testing::Swtpm;

namespace {

// Runs the device's exec commands locally: `attest agent ...` against `tcti`.
Collector local_agent(const std::string& tcti) {
  return [tcti](const CollectRequest& req) {
    DeviceEvidence ev;
    ev.device = req.device.name;
    ev.host_key_matches_pin = true;
    for (const auto& command : req.exec_commands) {
      CommandRecord rec;
      rec.command = command;
      std::istringstream words(command);
      std::vector<std::string> argv;
      for (std::string w; words >> w;) argv.push_back(w);
      if (argv.size() < 2 || argv[0] != "attest") {
        rec.error = make_error(ErrorKind::io, "not available in this test");
      } else {
        argv[0] = ATTEST_BINARY;
        ProcessOptions o;
        o.env["TPM2TOOLS_TCTI"] = tcti;
        auto r = run_process(argv, o);
        if (!r || r->exit_code != 0) rec.error = make_error(ErrorKind::protocol, r ? r->err : r.error().message);
        else rec.output = r->out;
      }
      ev.commands.push_back(rec);
    }
    return ev;
  };
}

Device tpm_device() {
  Device d;
  d.name = "srv-t1";
  d.profile = "generic-linux";
  d.serial = "SN-T1";
  d.credential = "ops";
  d.tpm = TpmSettings{};
  return d;
}

Bytes nonce() {
  Bytes n(32);
  REQUIRE(RAND_bytes(n.data(), 32) == 1);
  return n;
}

struct Fixture {
  std::filesystem::path root = std::filesystem::path(ATTEST_BINARY_DIR) / "test-runs" / "tpm-gate";
  Swtpm tpm{(root / "tpm").string(), (root / "ca").string()};
  Device device = tpm_device();
  Secrets secrets;
  tpm::EnrollmentRecord record;

  Fixture() {
    secrets.credentials["ops"] = LoginCredential{"ops", "ops", "unused", std::nullopt, std::nullopt};
    EnrollOptions o;
    o.trust.root_pem_files = {tpm.root_ca_pem()};
    o.trust.intermediate_pem_files = {tpm.issuer_ca_pem()};
    o.collector = local_agent(tpm.tcti());
    auto outcomes = enroll_devices({device}, secrets, o);
    REQUIRE(outcomes.size() == 1);
    REQUIRE_MESSAGE(outcomes[0].record, outcomes[0].error);
    record = *outcomes[0].record;
  }

  // Quotes `source` with a fresh nonce and checks it as the gate would.
  std::vector<Finding> gate(const std::string& source_tcti, const tpm::EnrollmentRecord* enrolled,
                            DeviceEvidence* keep = nullptr, const Bytes* use_nonce = nullptr) {
    TpmInputs in;
    in.nonce = use_nonce ? *use_nonce : nonce();
    in.enrolled = enrolled;
    CollectRequest req;
    req.device = device;
    req.exec_commands = tpm_commands(*device.tpm, in.nonce);
    DeviceEvidence ev = local_agent(source_tcti)(req);
    if (keep) *keep = ev;
    return check_tpm(device, ev, DeviceFacts{"Dell Inc.", "PowerEdge R660", "SN-T1", "12"}, in, GoldenDb{});
  }
};

const Finding& find(const std::vector<Finding>& fs, const char* id) {
  for (const auto& f : fs)
    if (f.check == id) return f;
  FAIL("no " << id);
  static Finding none;
  return none;
}

}  // namespace

TEST_CASE("an enrolled TPM's fresh quote verifies; measured boot without an event log is an error") {
  std::filesystem::remove_all(std::filesystem::path(ATTEST_BINARY_DIR) / "test-runs" / "tpm-gate");
  Fixture f;
  CHECK(f.record.serial == "SN-T1");
  CHECK_FALSE(f.record.ek_certificate_sha256.empty());
  const auto findings = f.gate(f.tpm.tcti(), &f.record);
  CHECK(find(findings, check::kTpmEnrollment).status == CheckStatus::pass);
  CHECK_MESSAGE(find(findings, check::kTpmQuote).status == CheckStatus::pass, find(findings, check::kTpmQuote).detail);
  CHECK(find(findings, check::kMeasuredBoot).status == CheckStatus::error);

  SUBCASE("a clean reboot is reported, not failed") {
    REQUIRE(attest::testing::run_with_tcti(f.tpm.tcti(), "tpm2_shutdown -c >/dev/null 2>&1") == 0);
    f.tpm.reboot();
    const auto& q = find(f.gate(f.tpm.tcti(), &f.record), check::kTpmQuote);
    CHECK_MESSAGE(q.status == CheckStatus::pass, q.detail);
    CHECK(q.detail.find("rebooted since enrollment") != std::string::npos);
  }
  SUBCASE("a quote replayed for a new nonce fails") {
    DeviceEvidence old;
    (void)f.gate(f.tpm.tcti(), &f.record, &old);
    TpmInputs in;
    in.nonce = nonce();
    in.enrolled = &f.record;
    // The old answer, presented as the answer to the new quote command.
    old.commands[0].command = tpm_commands(*f.device.tpm, in.nonce)[0];
    const auto& q = find(check_tpm(f.device, old, DeviceFacts{}, in, GoldenDb{}), check::kTpmQuote);
    CHECK(q.status == CheckStatus::fail);
    CHECK(q.detail.find("nonce") != std::string::npos);
  }
  SUBCASE("a quote from another TPM fails as not the enrolled one") {
    const auto root = std::filesystem::path(ATTEST_BINARY_DIR) / "test-runs" / "tpm-gate";
    Swtpm other((root / "other").string(), (root / "ca").string());
    const auto& q = find(f.gate(other.tcti(), &f.record), check::kTpmQuote);
    CHECK(q.status == CheckStatus::fail);
    CHECK(q.detail.find("not the enrolled TPM") != std::string::npos);
  }
  SUBCASE("a device with no enrollment record fails tpm-enrollment") {
    CHECK(find(f.gate(f.tpm.tcti(), nullptr), check::kTpmEnrollment).status == CheckStatus::fail);
  }
}

TEST_CASE("enrollment refuses a TPM whose EK certificate does not chain to a trusted root") {
  const auto root = std::filesystem::path(ATTEST_BINARY_DIR) / "test-runs" / "tpm-gate-untrusted";
  std::filesystem::remove_all(root);
  Swtpm tpm((root / "tpm").string(), (root / "ca").string());
  Swtpm stranger((root / "stranger").string(), (root / "other-ca").string());
  Secrets secrets;
  secrets.credentials["ops"] = LoginCredential{"ops", "ops", "unused", std::nullopt, std::nullopt};
  EnrollOptions o;
  o.trust.root_pem_files = {stranger.root_ca_pem()};
  o.trust.intermediate_pem_files = {stranger.issuer_ca_pem()};
  o.collector = local_agent(tpm.tcti());
  auto outcomes = enroll_devices({tpm_device()}, secrets, o);
  REQUIRE(outcomes.size() == 1);
  CHECK_FALSE(outcomes[0].record);
  CHECK_FALSE(outcomes[0].error.empty());
}
