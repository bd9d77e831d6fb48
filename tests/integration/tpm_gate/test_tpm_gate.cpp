// Enroll, quote, verify through the engine against real swtpms, in both quote
// forms (attest agent JSON, stock tpm2_quote): the checks tpm-enrollment and
// tpm-quote, a clean reboot reported (not failed), a replayed quote and a
// swapped TPM caught; then the lab's TPM device and its planted faults.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <sstream>

#include <nlohmann/json.hpp>
#include <openssl/rand.h>

#include "attest/config/golden_loader.hpp"
#include "attest/engine/enroll.hpp"
#include "attest/engine/tpm_checks.hpp"
#include "attest/lab/tpm_device.hpp"
#include "attest/tpm/quote/public_key.hpp"
#include "attest/util/process.hpp"
#include "swtpm.hpp"

using namespace attest;
using attest::testing::Swtpm;

namespace {

const std::filesystem::path kRuns = std::filesystem::path(ATTEST_BINARY_DIR) / "test-runs";

// A device that answers each command with `run` (its output, or why it failed).
Collector device_answering(std::function<Result<std::string>(const std::string&)> run) {
  return [run](const CollectRequest& req) {
    DeviceEvidence ev;
    ev.device = req.device.name;
    ev.host_key_matches_pin = true;
    for (const auto& command : req.exec_commands) {
      CommandRecord rec;
      rec.command = command;
      auto out = run(command);
      if (out) rec.output = *out;
      else rec.error = out.error();
      ev.commands.push_back(rec);
    }
    return ev;
  };
}

Result<std::string> output_of(const Result<ProcessOutput>& r) {
  if (!r) return r.error();
  if (r->exit_code != 0) return make_error(ErrorKind::protocol, "exit " + std::to_string(r->exit_code) + ": " + r->err);
  return r->out;
}

// The device's shell, locally: `attest ...` is the real agent, the stock
// tpm2_quote line runs in /bin/sh as a device's login shell would run it.
Collector local_device(const std::string& tcti) {
  return device_answering([tcti](const std::string& command) -> Result<std::string> {
    ProcessOptions o;
    o.env["TPM2TOOLS_TCTI"] = tcti;
    if (command.rfind("d=$(mktemp -d)", 0) == 0) return output_of(run_process({"/bin/sh", "-c", command}, o));
    std::istringstream words(command);
    std::vector<std::string> argv;
    for (std::string w; words >> w;) argv.push_back(w);
    if (argv.size() < 2 || argv[0] != "attest") return make_error(ErrorKind::io, "not available in this test");
    argv[0] = ATTEST_BINARY;
    return output_of(run_process(argv, o));
  });
}

// The lab's emulated TPM device answering, as its SSH server would.
Collector lab_device(const lab::DeviceTpm& tpm) {
  return device_answering([&tpm](const std::string& command) -> Result<std::string> {
    const auto answer = tpm.exec(command);
    if (!answer) return make_error(ErrorKind::io, "the lab does not know '" + command + "'");
    if (answer->status != 0) return make_error(ErrorKind::protocol, answer->err);
    return answer->out;
  });
}

Device tpm_device(QuoteForm form = QuoteForm::agent) {
  Device d;
  d.name = "srv-t1";
  d.profile = "generic-linux";
  d.serial = "SN-T1";
  d.credential = "ops";
  d.tpm = TpmSettings{};
  d.tpm->quote_with = form;
  return d;
}

Bytes nonce() {
  Bytes n(32);
  REQUIRE(RAND_bytes(n.data(), 32) == 1);
  return n;
}

Secrets ops_secrets() {
  Secrets secrets;
  secrets.credentials["ops"] = LoginCredential{"ops", "ops", "unused", std::nullopt, std::nullopt};
  return secrets;
}

EnrollOutcome enroll(const Device& device, const Collector& collect, const std::string& ca_dir) {
  EnrollOptions o;
  o.trust.root_pem_files = {lab::Swtpm::root_cert(ca_dir)};
  o.trust.intermediate_pem_files = {lab::Swtpm::issuer_cert(ca_dir)};
  o.collector = collect;
  auto outcomes = enroll_devices({device}, ops_secrets(), o);
  REQUIRE(outcomes.size() == 1);
  return outcomes[0];
}

// Quotes through `collect` with a fresh nonce and checks it as the gate would.
TpmAssessment gate(const Device& device, const Collector& collect, const tpm::EnrollmentRecord* enrolled,
                   const GoldenDb& db = {}, const DeviceFacts& facts = {"Dell Inc.", "PowerEdge R660", "SN-T1", "12"},
                   DeviceEvidence* keep = nullptr) {
  TpmInputs in;
  in.nonce = nonce();
  in.commands = tpm_commands(device, in.nonce);
  in.enrolled = enrolled;
  CollectRequest req;
  req.device = device;
  req.exec_commands = in.commands.list();
  DeviceEvidence ev = collect(req);
  if (keep) *keep = ev;
  return check_tpm(device, ev, facts, in, db);
}

struct Fixture {
  std::filesystem::path root;
  Swtpm tpm;
  Device device;
  tpm::EnrollmentRecord record;

  explicit Fixture(QuoteForm form, const std::string& name)
      : root(kRuns / name), tpm((root / "tpm").string(), (root / "ca").string()), device(tpm_device(form)) {
    const EnrollOutcome outcome = enroll(device, local_device(tpm.tcti()), (root / "ca").string());
    REQUIRE_MESSAGE(outcome.record, outcome.error);
    record = *outcome.record;
  }
  TpmAssessment gate_on(const std::string& tcti, const tpm::EnrollmentRecord* enrolled,
                        DeviceEvidence* keep = nullptr) {
    return gate(device, local_device(tcti), enrolled, {}, {"Dell Inc.", "PowerEdge R660", "SN-T1", "12"}, keep);
  }
};

// A copy: callers pass temporaries.
Finding find(const TpmAssessment& a, const char* id) {
  for (const auto& f : a.findings)
    if (f.check == id) return f;
  FAIL("no " << id);
  return {};
}

bool contains(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

// An earlier answer, presented as the answer to a new quote command, fails
// tpm-quote on the nonce.
void check_replay_caught(Fixture& f) {
  DeviceEvidence old;
  (void)f.gate_on(f.tpm.tcti(), &f.record, &old);
  TpmInputs in;
  in.nonce = nonce();
  in.commands = tpm_commands(f.device, in.nonce);
  in.enrolled = &f.record;
  old.commands[0].command = in.commands.quote;
  const Finding q = find(check_tpm(f.device, old, DeviceFacts{}, in, GoldenDb{}), check::kTpmQuote);
  CHECK(q.status == CheckStatus::fail);
  CHECK_MESSAGE(contains(q.detail, "extraData"), q.detail);
}

}  // namespace

TEST_CASE("an enrolled TPM's fresh quote verifies; measured boot without an event log is an error") {
  std::filesystem::remove_all(kRuns / "tpm-gate");
  Fixture f(QuoteForm::agent, "tpm-gate");
  CHECK(f.record.serial == "SN-T1");
  CHECK_FALSE(f.record.ek_certificate_sha256.empty());
  const auto a = f.gate_on(f.tpm.tcti(), &f.record);
  CHECK(find(a, check::kTpmEnrollment).status == CheckStatus::pass);
  CHECK_MESSAGE(find(a, check::kTpmQuote).status == CheckStatus::pass, find(a, check::kTpmQuote).detail);
  CHECK(contains(find(a, check::kTpmQuote).detail, "(attest agent, ecdsa)"));
  CHECK(find(a, check::kMeasuredBoot).status == CheckStatus::error);
  REQUIRE(a.quote);
  CHECK(a.quote->form == QuoteForm::agent);

  SUBCASE("a clean reboot is reported, not failed") {
    REQUIRE(attest::testing::run_with_tcti(f.tpm.tcti(), "tpm2_shutdown -c >/dev/null 2>&1") == 0);
    f.tpm.reboot();
    const auto& q = find(f.gate_on(f.tpm.tcti(), &f.record), check::kTpmQuote);
    CHECK_MESSAGE(q.status == CheckStatus::pass, q.detail);
    CHECK(contains(q.detail, "rebooted since enrollment"));
  }
  SUBCASE("a quote replayed for a new nonce fails") { check_replay_caught(f); }
  SUBCASE("a quote from another TPM fails as not the enrolled one") {
    Swtpm other((kRuns / "tpm-gate" / "other").string(), (kRuns / "tpm-gate" / "ca").string());
    const auto& q = find(f.gate_on(other.tcti(), &f.record), check::kTpmQuote);
    CHECK(q.status == CheckStatus::fail);
    CHECK_MESSAGE(contains(q.detail, "not the enrolled TPM"), q.detail);
  }
  SUBCASE("a device with no enrollment record fails tpm-enrollment") {
    CHECK(find(f.gate_on(f.tpm.tcti(), nullptr), check::kTpmEnrollment).status == CheckStatus::fail);
  }
}

TEST_CASE("a tpm2-tools device: the AK persisted at its handle, stock tpm2_quote verified, faults caught") {
  std::filesystem::remove_all(kRuns / "tpm-gate-stock");
  Fixture f(QuoteForm::tpm2_tools, "tpm-gate-stock");
  const auto a = f.gate_on(f.tpm.tcti(), &f.record);
  const Finding& q = find(a, check::kTpmQuote);
  CHECK_MESSAGE(q.status == CheckStatus::pass, q.detail);
  CHECK(contains(q.detail, "(stock tpm2_quote, ecdsa) over sha256:0-7"));
  REQUIRE(a.quote);
  CHECK(a.quote->form == QuoteForm::tpm2_tools);
  CHECK(a.quote->verified.pcrs.at(tpm::kAlgSha256).size() == 8);
  CHECK(a.quote->verified.quote.magic == tpm::kTpmGeneratedValue);

  SUBCASE("enrolling again finds the same AK at the handle and keeps it") {
    const EnrollOutcome again = enroll(f.device, local_device(f.tpm.tcti()), (f.root / "ca").string());
    REQUIRE_MESSAGE(again.record, again.error);
    CHECK(again.record->ak_public == f.record.ak_public);
  }
  SUBCASE("another object at the handle is refused, not replaced") {
    Swtpm other((f.root / "occupied").string(), (f.root / "ca").string());
    const std::string persist_rsa = std::string(ATTEST_BINARY) + " agent ak --alg rsa --persist 0x81010002 >/dev/null";
    REQUIRE(attest::testing::run_with_tcti(other.tcti(), persist_rsa) == 0);
    const EnrollOutcome refused = enroll(f.device, local_device(other.tcti()), (f.root / "ca").string());
    CHECK_FALSE(refused.record);
    CHECK(contains(refused.error, "persistent handle 0x81010002 holds another object"));
  }
  SUBCASE("a replacement board with its own AK at the handle fails as not the enrolled TPM") {
    Swtpm other((f.root / "other").string(), (f.root / "ca").string());
    REQUIRE(attest::testing::run_with_tcti(other.tcti(), std::string(ATTEST_BINARY) +
                                                             " agent ak --persist 0x81010002 >/dev/null") == 0);
    const auto& swapped = find(f.gate_on(other.tcti(), &f.record), check::kTpmQuote);
    CHECK(swapped.status == CheckStatus::fail);
    CHECK_MESSAGE(contains(swapped.detail, "not the enrolled TPM (device swapped?)"), swapped.detail);
  }
  SUBCASE("a board without the AK at the handle gives no quote") {
    Swtpm bare((f.root / "bare").string(), (f.root / "ca").string());
    const auto& none = find(f.gate_on(bare.tcti(), &f.record), check::kTpmQuote);
    CHECK(none.status == CheckStatus::error);
    CHECK_MESSAGE(contains(none.detail, "no quote"), none.detail);
  }
  SUBCASE("a stock quote replayed for a new nonce fails") { check_replay_caught(f); }
}

TEST_CASE("enrollment of a device whose answers go missing fails instead of reading past them") {
  EnrollOptions o;
  o.collector = [](const CollectRequest& req) {
    DeviceEvidence ev;  // logged in, but no command record came back
    ev.device = req.device.name;
    ev.host_key_matches_pin = true;
    return ev;
  };
  auto outcomes = enroll_devices({tpm_device()}, ops_secrets(), o);
  REQUIRE(outcomes.size() == 1);
  CHECK_FALSE(outcomes[0].record);
  CHECK_MESSAGE(contains(outcomes[0].error, "2 commands sent, 0 answered"), outcomes[0].error);
}

TEST_CASE("enrollment refuses a TPM whose EK certificate does not chain to a trusted root") {
  const auto root = kRuns / "tpm-gate-untrusted";
  std::filesystem::remove_all(root);
  Swtpm tpm((root / "tpm").string(), (root / "ca").string());
  Swtpm stranger((root / "stranger").string(), (root / "other-ca").string());
  const EnrollOutcome outcome = enroll(tpm_device(), local_device(tpm.tcti()), (root / "other-ca").string());
  CHECK_FALSE(outcome.record);
  CHECK_FALSE(outcome.error.empty());
}

namespace {

// A lab TPM device booted like the demo's PowerEdge R660 (golden in firmware-db).
// The repository's reviewed golden DB (firmware-db/), which knows the lab's R660.
GoldenDb repo_golden_db() {
  auto db = load_golden_db(std::string(ATTEST_SOURCE_DIR) + "/firmware-db");
  REQUIRE_MESSAGE(db.ok(), db.error().message);
  return std::move(*db);
}

std::unique_ptr<lab::DeviceTpm> lab_tpm(const std::filesystem::path& state, lab::TpmFault fault,
                                        bool ecc_ek_only = false) {
  lab::DeviceSpec spec;
  spec.name = "srv-lab";
  spec.tpm = lab::TpmSpec{};
  spec.tpm->crtm_version = "1.5.6";
  spec.tpm->firmware_images = {"attest-lab firmware PowerEdge R660 BIOS 1.5.6"};
  spec.tpm->boot_applications = {"attest-lab boot application PowerEdge R660 shimx64.efi 15.7",
                                 "attest-lab boot application PowerEdge R660 grubx64.efi 2.06"};
  spec.tpm->event_log_path = lab::kEventLogPath;
  spec.tpm->fault = fault;
  spec.tpm->ecc_ek_only = ecc_ek_only;
  auto tpm = lab::DeviceTpm::start(spec, state.string(), ATTEST_BINARY);
  REQUIRE_MESSAGE(tpm.ok(), tpm.error().message);
  return std::move(*tpm);
}

}  // namespace

TEST_CASE("the lab's TPM device answers both quote forms, and its faults are caught with the right check id") {
  const auto state = kRuns / "tpm-gate-lab";
  std::filesystem::remove_all(state);
  const GoldenDb db = repo_golden_db();
  const DeviceFacts facts{"Dell Inc.", "PowerEdge R660", "SN-T1", "12"};
  struct Case {
    lab::TpmFault fault;
    const char* check;
    const char* detail;
  };
  const Case cases[] = {{lab::TpmFault::none, nullptr, ""},
                        {lab::TpmFault::swapped_after_enrollment, check::kTpmQuote, "not the enrolled TPM"},
                        {lab::TpmFault::replayed_quote, check::kTpmQuote, "nonce"},
                        {lab::TpmFault::eventlog_mismatch, check::kMeasuredBoot, "the log does not match the quote"}};
  for (const QuoteForm form : {QuoteForm::agent, QuoteForm::tpm2_tools}) {
    const Device device = tpm_device(form);
    for (const auto& c : cases) {
      CAPTURE(to_string(form));
      CAPTURE(static_cast<int>(c.fault));
      const auto device_state =
          state / (std::string(to_string(form)) + "-" + std::to_string(static_cast<int>(c.fault)));
      auto tpm = lab_tpm(device_state, c.fault);
      const Collector collect = lab_device(*tpm);
      const EnrollOutcome enrolled = enroll(device, collect, (device_state / "tpm-ca").string());
      REQUIRE_MESSAGE(enrolled.record, enrolled.error);
      const TpmAssessment a = gate(device, collect, &*enrolled.record, db, facts);
      // The planted check fails; nothing else fails (a check after it may skip).
      for (const auto& f : a.findings) {
        const bool planted = c.check != nullptr && f.check == c.check;
        const bool blocks = f.status == CheckStatus::fail || f.status == CheckStatus::error;
        CHECK_MESSAGE(blocks == planted, f.check << ": " << f.detail);
        if (planted) CHECK_MESSAGE((f.status == CheckStatus::fail && contains(f.detail, c.detail)), f.detail);
      }
      if (c.check == nullptr) CHECK(find(a, check::kMeasuredBoot).status == CheckStatus::pass);
    }
  }
}

namespace {

// Passes every request to `collect`, keeping the commands it was sent; the
// answer to `attest agent ek` gets its ECC EK public replaced by `ecc_ek` when set.
Collector recording(const Collector& collect, std::vector<std::string>& sent, const std::string& ecc_ek = "") {
  return [collect, &sent, ecc_ek](const CollectRequest& req) {
    sent.insert(sent.end(), req.exec_commands.begin(), req.exec_commands.end());
    DeviceEvidence ev = collect(req);
    for (auto& c : ev.commands) {
      if (c.command != "attest agent ek" || ecc_ek.empty()) continue;
      auto doc = nlohmann::ordered_json::parse(c.output);
      doc["ek_public"]["ecc"] = ecc_ek;
      c.output = doc.dump();
    }
    return ev;
  };
}

bool sent_activate(const std::vector<std::string>& sent, const std::string& prefix) {
  return std::any_of(sent.begin(), sent.end(), [&](const std::string& c) { return c.rfind(prefix, 0) == 0; });
}

}  // namespace

TEST_CASE("a lab TPM with only an ECC EK certificate enrolls under its L-2 EK and passes the gate") {
  const auto state = kRuns / "tpm-gate-ecc";
  std::filesystem::remove_all(state);
  const GoldenDb db = repo_golden_db();
  auto tpm = lab_tpm(state / "device", lab::TpmFault::none, true);
  const Device device = tpm_device();
  std::vector<std::string> sent;
  const EnrollOutcome enrolled = enroll(device, recording(lab_device(*tpm), sent), (state / "device/tpm-ca").string());
  REQUIRE_MESSAGE(enrolled.record, enrolled.error);
  auto ek = tpm::parse_tpm2b_public(enrolled.record->ek_public);
  REQUIRE(ek.ok());
  CHECK(ek->type == TPM2_ALG_ECC);
  CHECK(ek->curve == TPM2_ECC_NIST_P256);
  CHECK(sent_activate(sent, "attest agent activate --alg ecc --ek ecc "));
  const TpmAssessment a = gate(device, lab_device(*tpm), &*enrolled.record, db);
  for (const auto& f : a.findings) CHECK_MESSAGE(f.status == CheckStatus::pass, f.check << ": " << f.detail);

  SUBCASE("an ECC EK public that its certificate does not certify is refused before any challenge") {
    Swtpm other((state / "other").string(), (state / "other-ca").string(), lab::EkCerts::ecc_only);
    ProcessOptions o;
    o.env["TPM2TOOLS_TCTI"] = other.tcti();
    auto other_ek = output_of(run_process({ATTEST_BINARY, "agent", "ek"}, o));
    REQUIRE(other_ek.ok());
    const std::string foreign = nlohmann::json::parse(*other_ek)["ek_public"]["ecc"];
    sent.clear();
    const EnrollOutcome refused =
        enroll(device, recording(lab_device(*tpm), sent, foreign), (state / "device/tpm-ca").string());
    CHECK_FALSE(refused.record);
    CHECK_MESSAGE(contains(refused.error, "srv-t1: no EK certificate certifies the ecc EK public key the TPM reported"),
                  refused.error);
    CHECK_FALSE(sent_activate(sent, "attest agent activate"));
  }
}
