// `attest quote verify --eventlog L --policy F` end to end: a real swtpm
// booted by the lab's emulated firmware (lab::DeviceTpm extends its PCRs from
// an event log and serves that log, exactly as for the demo rack), a quote by
// stock tpm2_createak / tpm2_quote, then the built attest binary.
#include <doctest/doctest.h>

#include <filesystem>
#include <memory>

#include <nlohmann/json.hpp>

#include "attest/lab/spec.hpp"
#include "attest/lab/tpm_device.hpp"
#include "attest/tpm/eventlog/eventlog.hpp"
#include "attest/tpm/eventlog/uefi.hpp"
#include "attest/util/files.hpp"
#include "attest/util/process.hpp"
#include "swtpm.hpp"

using namespace attest;
namespace fs = std::filesystem;

namespace {

constexpr const char* kNonce = "5eed0fa11ba5eba115eed0fa11ba5eba";

// The first R660 of the demo rack without a planted fault: its firmware is golden.
lab::DeviceSpec golden_r660() {
  auto spec = lab::load_spec(std::string(ATTEST_SOURCE_DIR) + "/inventory/demo/lab.json");
  REQUIRE_MESSAGE(spec.ok(), (spec.ok() ? "" : spec.error().message));
  for (const auto& d : spec->devices) {
    if (d.tpm && d.tpm->fault == lab::TpmFault::none && d.facts.model == "PowerEdge R660") return d;
  }
  FAIL("inventory/demo/lab.json has no fault-free PowerEdge R660 with a TPM");
  return {};
}

// One booted device and one stock quote of its PCRs, shared by the cases.
struct BootedQuote {
  fs::path dir;
  std::unique_ptr<lab::DeviceTpm> tpm;  // stops its swtpm at exit
  Bytes log;                            // as the device serves it
};

BootedQuote boot_and_quote() {
  BootedQuote b;
  b.dir = fs::path(ATTEST_BINARY_DIR) / "test-runs" / "integration-quote-eventlog";
  fs::remove_all(b.dir);
  fs::create_directories(b.dir);
  const lab::DeviceSpec device = golden_r660();
  auto tpm = lab::DeviceTpm::start(device, (b.dir / "lab-state").string(), ATTEST_BINARY);
  REQUIRE_MESSAGE(tpm.ok(), (tpm.ok() ? "" : tpm.error().message));
  b.tpm = std::move(*tpm);
  const auto served = b.tpm->exec("cat " + device.tpm->event_log_path);
  REQUIRE((served && served->status == 0 && !served->out.empty()));
  b.log.assign(served->out.begin(), served->out.end());
  REQUIRE(write_file_atomic((b.dir / "eventlog.bin").string(), served->out).ok());
  // As tests/fixtures/tpm/quote/make_fixtures.sh: EK, AK (PEM), quote; the
  // swtpm holds three transient objects, hence the flushes.
  const std::string d = b.dir.string() + "/";
  for (const std::string& tool :
       {"tpm2_createek -c " + d + "ek.ctx -G rsa -u " + d + "ek.pub", std::string("tpm2_flushcontext -t"),
        std::string("tpm2_flushcontext -s"),
        "tpm2_createak -C " + d + "ek.ctx -c " + d + "ak.ctx -G ecc -g sha256 -s ecdsa -f pem -u " + d + "ak.pem",
        std::string("tpm2_flushcontext -t"), std::string("tpm2_flushcontext -s"),
        "tpm2_quote -c " + d + "ak.ctx -l sha256:0,1,2,3,4,5,6,7 -q " + kNonce + " -m " + d + "quote.msg -s " + d +
            "quote.sig -o " + d + "quote.pcrs"}) {
    INFO(tool);
    REQUIRE(attest::testing::run_with_tcti(b.tpm->tcti(), tool + " >/dev/null 2>&1") == 0);
  }
  return b;
}

const BootedQuote& booted() {
  static const BootedQuote b = boot_and_quote();
  return b;
}

// `attest quote verify` of the shared quote with `eventlog` and the shipped Dell policy.
ProcessOutput verify_with(const fs::path& eventlog, bool json = false) {
  const fs::path& d = booted().dir;
  std::vector<std::string> argv = {ATTEST_BINARY, "quote", "verify", "--ak", (d / "ak.pem").string(),
                                   "--nonce", kNonce, "--message", (d / "quote.msg").string(),
                                   "--signature", (d / "quote.sig").string(), "--pcrs", (d / "quote.pcrs").string(),
                                   "--eventlog", eventlog.string(),
                                   "--policy", std::string(ATTEST_SOURCE_DIR) + "/firmware-db/boot/dell.json"};
  if (json) argv.emplace_back("--json");
  auto run = run_process(argv);
  REQUIRE_MESSAGE(run.ok(), (run.ok() ? "" : run.error().message));
  return *run;
}

// The served log with one event changed by `edit`, written next to the quote.
template <typename Edit>
fs::path altered_log(const std::string& name, Edit edit) {
  auto log = tpm::parse_event_log(booted().log);
  REQUIRE(log.ok());
  edit(*log);
  const Bytes wire = tpm::write_event_log(*log);
  const fs::path path = booted().dir / name;
  REQUIRE(write_file_atomic(path.string(), std::string(wire.begin(), wire.end())).ok());
  return path;
}

tpm::Event& last_of_type(tpm::EventLog& log, std::uint32_t type) {
  tpm::Event* found = nullptr;
  for (auto& e : log.events)
    if (e.type == type) found = &e;
  REQUIRE(found != nullptr);
  return *found;
}

}  // namespace

TEST_CASE("a stock tpm2_quote of a golden measured boot verifies with the device's event log and policy: exit 0") {
  const ProcessOutput text = verify_with(booted().dir / "eventlog.bin");
  CHECK_MESSAGE(text.exit_code == 0, text.err);
  CHECK(text.out.starts_with("quote verified: ecdsa/sha256, PCRs sha256:0,1,2,3,4,5,6,7"));
  CHECK(text.out.find(", measured boot golden\n") != std::string::npos);

  const ProcessOutput json = verify_with(booted().dir / "eventlog.bin", true);
  REQUIRE(json.exit_code == 0);
  const auto doc = nlohmann::json::parse(json.out);
  CHECK(doc["valid"] == true);
  CHECK(doc["measured_boot"]["status"] == "pass");
  CHECK(doc["measured_boot"]["detail"] ==
        "event log (18 events) replays to the quoted PCRs sha256:0,1,2,3,4,5,6,7; golden: CRTM '1.5.6', "
        "1 firmware blob(s), 2 boot application(s); Secure Boot on");
}

TEST_CASE("an event log with one altered digest exits 1 naming the PCR and the event") {
  std::size_t grub = 0;
  const fs::path log = altered_log("grub-digest.bin", [&](tpm::EventLog& l) {
    tpm::Event& e = last_of_type(l, tpm::kEvEfiBootServicesApplication);
    grub = e.index;
    for (auto& [alg, digest] : e.digests) digest = tpm::hash_with(alg, "a boot loader the TPM never measured");
  });
  const ProcessOutput out = verify_with(log);
  CHECK(out.exit_code == 1);
  CHECK(out.err.starts_with("attest: measured boot: replay of event log gives sha256 PCR4 = "));
  CHECK(out.err.find("(last event extending it: " + std::to_string(grub) +
                     " EV_EFI_BOOT_SERVICES_APPLICATION): the log does not match the quote") != std::string::npos);
}

TEST_CASE("an event log with one altered event's data exits 1 naming the PCR and the event") {
  std::size_t secure_boot = 0;
  const fs::path log = altered_log("secure-boot-data.bin", [&](tpm::EventLog& l) {
    for (auto& e : l.events) {
      const auto v = tpm::decode_uefi_variable(e.data);
      if (e.type != tpm::kEvEfiVariableDriverConfig || !v || v->name != "SecureBoot") continue;
      const std::uint8_t off[] = {0};
      e.data = tpm::encode_uefi_variable(tpm::kEfiGlobalVariable, "SecureBoot", off);  // digests kept
      secure_boot = e.index;
    }
  });
  REQUIRE(secure_boot != 0);
  const ProcessOutput out = verify_with(log);
  CHECK(out.exit_code == 1);
  CHECK(out.err == "attest: measured boot: PCR7 event " + std::to_string(secure_boot) +
                       " EV_EFI_VARIABLE_DRIVER_CONFIG: event data does not match its sha1 digest (the data was "
                       "altered after it was measured)\n");
}
