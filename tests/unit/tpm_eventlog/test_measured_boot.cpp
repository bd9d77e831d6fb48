#include <doctest/doctest.h>

#include "attest/tpm/eventlog/boot_policy.hpp"
#include "attest/tpm/eventlog/le_bytes.hpp"
#include "eventlog_test_util.hpp"

using namespace attest;
using namespace attest::tpm;
using attest::testing::r660_builder;
using attest::testing::shipped_boot_policy;
using attest::testing::span_of;

namespace {

const PcrSelection kSel = {{kAlgSha256, {0, 1, 2, 3, 4, 5, 6, 7}}};

BootPolicy r660_policy() { return shipped_boot_policy("dell.json", "PowerEdge R660"); }

// The quote (over kSel) of a device whose TPM saw exactly `log`: PCRs no
// event extended read as zeros.
PcrValues quote_of(const EventLog& log) {
  PcrValues values = replay(log);
  for (const auto& [alg, pcrs] : kSel)
    for (const unsigned pcr : pcrs) values[alg].try_emplace(pcr, Bytes(hash_alg_size(alg), 0));
  return values;
}

Finding run_check(const EventLog& log, const BootPolicy& policy) {
  return check_measured_boot(log, quote_of(log), kSel, &policy);
}

}  // namespace

TEST_CASE("the lab log of each demo model passes its shipped golden boot policy") {
  const Finding r660 = run_check(r660_builder().build(), r660_policy());
  CHECK(r660.check == "measured-boot");
  CHECK_MESSAGE(r660.status == CheckStatus::pass, r660.detail);
  CHECK(r660.detail ==
        "event log (18 events) replays to the quoted PCRs sha256:0,1,2,3,4,5,6,7; golden: CRTM "
        "'1.5.6', 1 firmware blob(s), 2 boot application(s); Secure Boot on");
  CHECK(r660.rule == "dell.json#/policies/0");
  const EventLog arista =
      EventLogBuilder()
          .crtm_version("Aboot-norcal14-14.0.3")
          .firmware_blob("attest-lab firmware DCS-7050SX3-48YC8 Aboot 14.0.3")
          .secure_boot(false, false)
          .separators()
          .boot_application("attest-lab boot application DCS-7050SX3-48YC8 EOS-4.30.1F.swi", "EOS.swi")
          .build();
  CHECK(run_check(arista, shipped_boot_policy("arista.json", "DCS-7050SX3-48YC8")).status == CheckStatus::pass);
  const EventLog accton =
      EventLogBuilder()
          .crtm_version("v36.01.00.00")
          .firmware_blob("attest-lab firmware Accton-AS7326-56X BIOS v36.01.00.00")
          .secure_boot(true)
          .separators()
          .efi_action(4, "Calling EFI Application from Boot Option")
          .boot_application("attest-lab boot application Accton-AS7326-56X shimx64.efi 15.7",
                            "\\EFI\\BOOT\\BOOTX64.EFI")
          .boot_application("attest-lab boot application Accton-AS7326-56X grubx64.efi SONiC 202305.1", "grubx64.efi")
          .build();
  CHECK(run_check(accton, shipped_boot_policy("sonic.json", "Accton-AS7326-56X")).status == CheckStatus::pass);
}

TEST_CASE("a quote the log does not reproduce fails naming the PCR and the last event extending it") {
  const EventLog log = r660_builder().build();
  PcrValues quoted = quote_of(log);
  quoted[kAlgSha256][4] = Bytes(32, 0xcd);
  const BootPolicy policy = r660_policy();
  const Finding f = check_measured_boot(log, quoted, kSel, &policy);
  CHECK(f.status == CheckStatus::fail);
  CHECK(f.detail == "replay of event log gives sha256 PCR4 = " + to_hex(quote_of(log)[kAlgSha256][4]) +
                        ", quoted sha256 PCR4 = " + to_hex(Bytes(32, 0xcd)) +
                        " (last event extending it: 18 EV_EFI_BOOT_SERVICES_APPLICATION): the log does not match the "
                        "quote");
}

TEST_CASE("a boot application, firmware blob or CRTM version outside the golden set fails naming the event") {
  const BootPolicy policy = r660_policy();
  const EventLog evil = r660_builder().boot_application("evil bootkit", "\\EFI\\evil.efi").build();
  const Finding app = run_check(evil, policy);
  CHECK(app.status == CheckStatus::fail);
  CHECK(app.detail == "PCR4 event 19 EV_EFI_BOOT_SERVICES_APPLICATION: sha256 digest " +
                          to_hex(hash_with(kAlgSha256, "evil bootkit")) + " is not in the golden set");
  CHECK(app.rule == "dell.json#/policies/0/boot_application_digests");
  const Finding blob = run_check(EventLogBuilder().firmware_blob("old BIOS").build(), policy);
  CHECK(blob.detail == "PCR0 event 1 EV_EFI_PLATFORM_FIRMWARE_BLOB: sha256 digest " +
                           to_hex(hash_with(kAlgSha256, "old BIOS")) + " is not in the golden set");
  CHECK(blob.rule == "dell.json#/policies/0/platform_firmware_digests");
  const Finding crtm = run_check(EventLogBuilder().crtm_version("1.4.0").build(), policy);
  CHECK(crtm.status == CheckStatus::fail);
  CHECK(crtm.detail == "PCR0 event 1 EV_S_CRTM_VERSION: CRTM version '1.4.0' is not in the golden set");
}

TEST_CASE("Secure Boot off or not measured fails when the policy requires it") {
  BootPolicy policy = r660_policy();
  policy.expected_pcrs.clear();
  tpm::EventLogBuilder off;
  off.crtm_version("1.5.6").secure_boot(false).separators();
  const Finding f = run_check(off.build(), policy);
  CHECK(f.status == CheckStatus::fail);
  CHECK(f.detail == "Secure Boot is off (SecureBoot variable = 0) but policy requires it");
  CHECK(f.rule == "dell.json#/policies/0/secure_boot");
  const Finding none = run_check(EventLogBuilder().crtm_version("1.5.6").separators().build(), policy);
  CHECK(none.detail == "Secure Boot state is not measured (no SecureBoot variable in the log) but policy requires it");
  policy.secure_boot_required = false;
  CHECK(run_check(off.build(), policy).status == CheckStatus::pass);
}

TEST_CASE("expected PCR values in the policy must equal the quoted ones") {
  BootPolicy policy = r660_policy();
  policy.expected_pcrs["sha256"][0] = std::string(64, '0');
  const EventLog log = r660_builder().build();
  const Finding f = run_check(log, policy);
  CHECK(f.status == CheckStatus::fail);
  CHECK(f.detail ==
        "quoted sha256 PCR0 = bc5e80d9c554050423d7191efd9579dd2f50957639d26033ae7a2b21b3227d4a, golden "
        "expected value = " +
            std::string(64, '0'));
  CHECK(f.rule == "dell.json#/policies/0/expected_pcrs/sha256/0");
}

TEST_CASE("the quote must cover the policy's PCRs and the log must carry its banks") {
  const BootPolicy policy = r660_policy();
  const EventLog log = r660_builder().build();
  const PcrSelection partial = {{kAlgSha256, {0, 1, 2, 3, 4, 5, 6}}};
  const Finding f = check_measured_boot(log, quote_of(log), partial, &policy);
  CHECK(f.status == CheckStatus::fail);
  CHECK(f.detail ==
        "the quote does not cover sha256 PCR7, which the golden boot policy requires (pcr_selection "
        "'sha256:0-7')");
  EventLogBuilder sha1_only({kAlgSha1});
  const EventLog sha1_log = sha1_only.separators().build();
  CHECK(run_check(sha1_log, policy).detail ==
        "the event log has no sha256 bank, which the golden boot policy requires (pcr_selection 'sha256:0-7')");
  PcrValues missing = quote_of(log);
  missing[kAlgSha256].erase(3);
  const Finding err = check_measured_boot(log, missing, kSel, &policy);
  CHECK(err.status == CheckStatus::error);
  CHECK(err.detail == "the quote has no value for sha256 PCR3");
}

TEST_CASE("no golden boot policy fails closed") {
  const EventLog log = r660_builder().build();
  const Finding f = check_measured_boot(log, quote_of(log), kSel, nullptr);
  CHECK(f.status == CheckStatus::fail);
  CHECK(f.detail == "no golden boot policy for this model and firmware version");
  GoldenDb db;
  db.boot.push_back(r660_policy());
  const Bytes bytes = write_event_log(log);
  const Finding named = check_measured_boot(span_of(bytes), quote_of(log), kSel, db, "PowerEdge R660", "13");
  CHECK(named.status == CheckStatus::fail);
  CHECK(named.detail == "no golden boot policy for model PowerEdge R660 firmware 13");
  CHECK(check_measured_boot(span_of(bytes), quote_of(log), kSel, db, "PowerEdge R660", "12").status ==
        CheckStatus::pass);
}

TEST_CASE("an event log that does not parse, or a broken policy selection, is an error") {
  const BootPolicy policy = r660_policy();
  const Bytes garbage = {1, 2, 3};
  const Finding f = check_measured_boot(span_of(garbage), PcrValues{}, kSel, &policy);
  CHECK(f.status == CheckStatus::error);
  CHECK(f.detail == "event log not understood: event log: event 0 at offset 0x00000000: truncated first event");
  BootPolicy broken = policy;
  broken.pcr_selection = "sha999:0";
  const Finding bad = run_check(r660_builder().build(), broken);
  CHECK(bad.status == CheckStatus::error);
  CHECK(bad.detail.rfind("golden boot policy: PCR selection 'sha999:0'", 0) == 0);
}

TEST_CASE("event data that does not hash to its digests fails: a log cannot claim Secure Boot on over a measured off") {
  // The device booted with Secure Boot off; its log keeps every measured
  // digest (so it replays to the quote) but its SecureBoot variable now says 1.
  const EventLog measured = attest::testing::r660_builder().build();
  EventLog off = EventLogBuilder()
                     .crtm_version("1.5.6")
                     .firmware_blob(attest::testing::lab_image("firmware PowerEdge R660 BIOS 1.5.6"))
                     .secure_boot(false)
                     .separators()
                     .build();
  EventLog forged = off;
  Event* secure_boot = nullptr;
  for (auto& e : forged.events)
    if (e.type == kEvEfiVariableDriverConfig && decode_uefi_variable(e.data)->name == "SecureBoot") secure_boot = &e;
  REQUIRE(secure_boot != nullptr);
  const std::uint8_t on[] = {1};
  secure_boot->data = encode_uefi_variable(kEfiGlobalVariable, "SecureBoot", on);
  REQUIRE(extract_boot_facts(forged).secure_boot == true);
  REQUIRE(replay(forged) == replay(off));

  const BootPolicy policy = r660_policy();
  const Finding f = check_measured_boot(forged, quote_of(off), kSel, &policy);
  CHECK(f.status == CheckStatus::fail);
  CHECK(f.detail == "PCR7 event " + std::to_string(secure_boot->index) +
                        " EV_EFI_VARIABLE_DRIVER_CONFIG: event data does not match its sha1 digest (the data was "
                        "altered after it was measured)");
  // The genuine log of the same boot is judged on what it says: Secure Boot off.
  CHECK(check_measured_boot(off, quote_of(off), kSel, &policy).detail.starts_with("Secure Boot is off"));
  CHECK(run_check(measured, r660_policy()).status == CheckStatus::pass);
}

namespace {

// The R660's lab boot as TPM 1.2-era firmware logs it: SHA1-only entries.
EventLog r660_sha1_only() {
  const std::string firmware = attest::testing::lab_image("firmware PowerEdge R660 BIOS 1.5.6");
  const std::string shim = attest::testing::lab_image("boot application PowerEdge R660 shimx64.efi 15.7");
  return EventLogBuilder::sha1_only()
      .crtm_version("1.5.6")
      .firmware_blob(firmware)
      .secure_boot(true)
      .separators()
      .boot_application(shim, "\\EFI\\BOOT\\BOOTX64.EFI")
      .build();
}

// The R660 policy with the sha1 digests of r660_sha1_only's images, over the sha1 bank.
BootPolicy r660_sha1_policy() {
  BootPolicy p = r660_policy();
  p.pcr_selection = "sha1:0-7";
  p.expected_pcrs.clear();
  p.sha1_platform_firmware_digests = {
      to_hex(hash_with(kAlgSha1, attest::testing::lab_image("firmware PowerEdge R660 BIOS 1.5.6")))};
  p.sha1_boot_application_digests = {
      to_hex(hash_with(kAlgSha1, attest::testing::lab_image("boot application PowerEdge R660 shimx64.efi 15.7")))};
  return p;
}

const PcrSelection kSha1Sel = {{kAlgSha1, {0, 1, 2, 3, 4, 5, 6, 7}}};

}  // namespace

TEST_CASE("a SHA1-only log is checked in the sha1 bank: accepted with a warning, or refused by policy") {
  const EventLog log = r660_sha1_only();
  PcrValues quoted = replay(log);
  for (const unsigned pcr : kSha1Sel.at(kAlgSha1)) quoted[kAlgSha1].try_emplace(pcr, Bytes(20, 0));
  BootPolicy policy = r660_sha1_policy();
  const Finding ok = check_measured_boot(log, quoted, kSha1Sel, &policy);
  CHECK_MESSAGE(ok.status == CheckStatus::pass, ok.detail);
  CHECK(ok.detail.find("WARNING: SHA1-only event log (TPM 1.2 format), accepted by the golden boot policy") !=
        std::string::npos);
  // A boot application whose sha1 is not golden fails, naming the sha1 list.
  policy.sha1_boot_application_digests = {std::string(40, '0')};
  const Finding bad_app = check_measured_boot(log, quoted, kSha1Sel, &policy);
  CHECK(bad_app.status == CheckStatus::fail);
  CHECK(bad_app.detail.find("EV_EFI_BOOT_SERVICES_APPLICATION: sha1 digest ") != std::string::npos);
  CHECK(bad_app.rule == "dell.json#/policies/0/sha1_boot_application_digests");
  // A replay that does not give the quoted sha1 PCR fails as for sha256.
  policy = r660_sha1_policy();
  PcrValues tampered = quoted;
  tampered[kAlgSha1][4][0] ^= 1;
  CHECK(check_measured_boot(log, tampered, kSha1Sel, &policy).detail.find("replay of event log gives sha1 PCR4") !=
        std::string::npos);
  // The policy may refuse SHA1-only evidence for this model.
  policy.sha1_only_log_refused = true;
  const Finding refused = check_measured_boot(log, quoted, kSha1Sel, &policy);
  CHECK(refused.status == CheckStatus::fail);
  CHECK(refused.rule == "dell.json#/policies/0/sha1_only_log");
  // A sha256 policy over a SHA1-only log fails: the log has no sha256 bank.
  const BootPolicy sha256_policy = r660_policy();
  const Finding no_bank = check_measured_boot(log, quoted, kSha1Sel, &sha256_policy);
  CHECK(no_bank.status == CheckStatus::fail);
  CHECK(no_bank.detail.find("the event log has no sha256 bank") != std::string::npos);
}

TEST_CASE("tolerated quirks are named in the pass detail, and judged data still hashes to its digests") {
  EventLog log = r660_builder().build();
  // The SecureBoot variable with two extra bytes, measured over all of its data.
  for (auto& e : log.events) {
    if (e.type != kEvEfiVariableDriverConfig) continue;
    const auto v = decode_uefi_variable(e.data);
    if (!v || v->name != "SecureBoot") continue;
    e.data.insert(e.data.end(), {0, 0});
    for (auto& [alg, digest] : e.digests) digest = hash_with(alg, tpm::detail::as_text(e.data));
  }
  Bytes bytes = write_event_log(log);
  bytes.insert(bytes.end(), 16, 0xff);
  auto parsed = parse_event_log(span_of(bytes));
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().message);
  BootPolicy policy = r660_policy();
  policy.expected_pcrs.clear();  // PCR7 changed with the variable's bytes
  const Finding f = check_measured_boot(*parsed, quote_of(*parsed), kSel, &policy);
  CHECK_MESSAGE(f.status == CheckStatus::pass, f.detail);
  CHECK(f.detail.find("; note: event 3 EV_EFI_VARIABLE_DRIVER_CONFIG: 2 byte(s) after the UEFI_VARIABLE_DATA ignored") !=
        std::string::npos);
  CHECK(f.detail.find("; note: 16 byte(s) of padding after the last event ignored") != std::string::npos);
  // The extra bytes are part of the measured data: changing them without the
  // digests is caught like any other altered data.
  for (auto& e : parsed->events) {
    const auto v = decode_uefi_variable(e.data);
    if (e.type == kEvEfiVariableDriverConfig && v && v->name == "SecureBoot") e.data.back() = 7;
  }
  CHECK(check_measured_boot(*parsed, quote_of(*parsed), kSel, &policy).detail.find("event data does not match") !=
        std::string::npos);
}

namespace {

// What the TPM saw at ExitBootServices (PFP 1.05 3.3.4.5), beyond the lab R660 log.
EventLog r660_with_exit_boot_services() {
  return r660_builder()
      .efi_action(5, "Exit Boot Services Invocation")
      .efi_action(5, "Exit Boot Services Returned with Success")
      .build();
}

}  // namespace

TEST_CASE("firmware quirk: a log without the PCR5 ExitBootServices events passes only when adding exactly them matches") {
  BootPolicy policy = r660_policy();
  const PcrValues quoted = quote_of(r660_with_exit_boot_services());
  // The OS handed over the log without the final events table.
  const EventLog handed_over = r660_builder().build();
  const Finding f = check_measured_boot(handed_over, quoted, kSel, &policy);
  CHECK_MESSAGE(f.status == CheckStatus::pass, f.detail);
  CHECK(f.detail.find("; note: firmware quirk: the log lacks the PCR5 ExitBootServices events") != std::string::npos);
  CHECK(f.detail.find("event log (20 events) replays") == 0);

  // The complete log needs no quirk and names none.
  const Finding complete = check_measured_boot(r660_with_exit_boot_services(), quoted, kSel, &policy);
  CHECK(complete.status == CheckStatus::pass);
  CHECK(complete.detail.find("quirk") == std::string::npos);

  // PCR5 extended with anything else: the mismatch stands, named as before.
  const PcrValues other = quote_of(r660_builder().efi_action(5, "Exit Boot Services Invocation").efi_action(5, "something else").build());
  const Finding wrong = check_measured_boot(handed_over, other, kSel, &policy);
  CHECK(wrong.status == CheckStatus::fail);
  CHECK(wrong.detail.find("replay of event log gives sha256 PCR5") == 0);

  // A log that logs the invocation but not the success is not patched either.
  const EventLog half = r660_builder().efi_action(5, "Exit Boot Services Invocation").build();
  CHECK(check_measured_boot(half, quoted, kSel, &policy).status == CheckStatus::fail);

  // Another PCR also off: adding the PCR5 events cannot explain it.
  PcrValues off = quoted;
  off[kAlgSha256][4][0] ^= 1;
  const Finding pcr4 = check_measured_boot(handed_over, off, kSel, &policy);
  CHECK(pcr4.status == CheckStatus::fail);
  CHECK(pcr4.detail.find("sha256 PCR4") != std::string::npos);
}
