#include <doctest/doctest.h>

#include "attest/tpm/eventlog/boot_policy.hpp"
#include "attest/tpm/eventlog/le_bytes.hpp"
#include "eventlog_test_util.hpp"

using namespace attest;
using namespace attest::tpm;
using attest::testing::r660_builder;
using attest::testing::span_of;

namespace {

const std::string kFixture = attest::testing::source_path("tests/fixtures/tpm/eventlog/lab-r660.bin");
const std::string kFixtureYaml =
    attest::testing::source_path("tests/fixtures/tpm/eventlog/lab-r660.tpm2_eventlog.yaml");

Bytes sha256_of(std::string_view s) { return hash_with(kAlgSha256, s); }

// Independent arithmetic for PCR extend: H(old || digest).
Bytes extend(const Bytes& pcr, const Bytes& digest) {
  Bytes in = pcr;
  in.insert(in.end(), digest.begin(), digest.end());
  return sha256_of(detail::as_text(in));
}

Bytes ucs2z(std::string_view s) { return encode_ucs2(s, true); }

}  // namespace

TEST_CASE("replay extends each bank from zero and skips EV_NO_ACTION") {
  const EventLog log = r660_builder().build();
  const PcrValues pcrs = replay(log);
  REQUIRE(pcrs.count(kAlgSha1) == 1);
  REQUIRE(pcrs.count(kAlgSha256) == 1);
  CHECK(pcrs.at(kAlgSha256).size() == 8);  // PCR0-7, all touched
  Bytes pcr0(32, 0);
  pcr0 = extend(pcr0, sha256_of(detail::as_text(ucs2z("1.5.6"))));
  pcr0 = extend(pcr0, sha256_of("attest-lab firmware PowerEdge R660 BIOS 1.5.6"));
  pcr0 = extend(pcr0, sha256_of(std::string(4, '\0')));
  CHECK(to_hex(pcrs.at(kAlgSha256).at(0)) == to_hex(pcr0));
  CHECK(to_hex(pcr0) == "bc5e80d9c554050423d7191efd9579dd2f50957639d26033ae7a2b21b3227d4a");  // boot/dell.json
  CHECK(last_event_extending(log, 4) == log.events.back().index);
  CHECK_FALSE(last_event_extending(log, 9).has_value());
}

TEST_CASE("StartupLocality 3 starts PCR0 at 0...03 (PFP 10.4.5.3)") {
  const EventLog log = EventLogBuilder().startup_locality(3).separators({0, 1}).build();
  REQUIRE(log.startup_locality == std::uint8_t{3});
  Bytes initial(32, 0);
  initial.back() = 3;
  const Bytes sep = sha256_of(std::string(4, '\0'));
  const PcrValues pcrs = replay(log);
  CHECK(pcrs.at(kAlgSha256).at(0) == extend(initial, sep));
  CHECK(pcrs.at(kAlgSha256).at(1) == extend(Bytes(32, 0), sep));  // only PCR0 starts at the locality
  Bytes hcrtm_initial(32, 0);
  hcrtm_initial.back() = 4;
  const EventLog hcrtm = EventLogBuilder().add(0, kEvEfiHcrtmEvent, Bytes{'H', 'C', 'R', 'T', 'M'}).build();
  CHECK(replay(hcrtm).at(kAlgSha256).at(0) == extend(hcrtm_initial, sha256_of("HCRTM")));
}

TEST_CASE("tpm2_eventlog parses the written log and prints the same PCRs as replay") {
  const Bytes bytes = write_event_log(r660_builder().build());
  attest::testing::TempFile file(bytes);
  const auto yaml = attest::testing::run_command("tpm2_eventlog " + file.path() + " 2>/dev/null");
  REQUIRE_MESSAGE(yaml.has_value(), "tpm2_eventlog (tpm2-tools) is required and must accept the log");
  CHECK(yaml->find("EventType: EV_EFI_BOOT_SERVICES_APPLICATION") != std::string::npos);
  CHECK(yaml->find("UnicodeName: SecureBoot") != std::string::npos);
  const PcrValues theirs = attest::testing::pcrs_from_tpm2_eventlog(*yaml);
  CHECK(theirs.at(kAlgSha256).size() == 8);
  CHECK(theirs == replay(r660_builder().build()));
}

TEST_CASE("tpm2-tools 5.4 extends EV_NO_ACTION into PCR0 and ignores StartupLocality; replay follows the spec") {
  const EventLog log = EventLogBuilder().startup_locality(3).separators({0, 1}).build();
  attest::testing::TempFile file(write_event_log(log));
  const auto yaml = attest::testing::run_command("tpm2_eventlog " + file.path() + " 2>/dev/null");
  REQUIRE(yaml.has_value());
  const PcrValues theirs = attest::testing::pcrs_from_tpm2_eventlog(*yaml);
  const PcrValues ours = replay(log);
  CHECK(theirs.at(kAlgSha256).at(1) == ours.at(kAlgSha256).at(1));
  const Bytes sep = sha256_of(std::string(4, '\0'));
  const Bytes v54 = extend(extend(Bytes(32, 0), Bytes(32, 0)), sep);  // 5.4: zero digest extended, locality ignored
  const bool fixed_tool = theirs.at(kAlgSha256).at(0) == ours.at(kAlgSha256).at(0);
  CHECK((fixed_tool || theirs.at(kAlgSha256).at(0) == v54));
}

TEST_CASE("the shipped fixture is what the writer produces and tpm2_eventlog's recorded PCRs match replay") {
  auto fixture = read_file(kFixture);
  REQUIRE(fixture.ok());
  const Bytes bytes = write_event_log(r660_builder().build());
  CHECK(Bytes(fixture->begin(), fixture->end()) == bytes);
  auto log = parse_event_log(span_of(bytes));
  REQUIRE(log.ok());
  auto yaml = read_file(kFixtureYaml);
  REQUIRE(yaml.ok());
  CHECK(attest::testing::pcrs_from_tpm2_eventlog(*yaml) == replay(*log));
}

TEST_CASE("boot facts: UCS-2 and ASCII CRTM versions, firmware and boot application digests") {
  EventLog log = r660_builder().add(0, kEvSCrtmVersion, Bytes{'2', '.', '1', 0}).build();
  const BootFacts facts = extract_boot_facts(log);
  CHECK(facts.crtm_versions == std::vector<std::string>{"1.5.6", "2.1"});
  REQUIRE(facts.firmware_blob_digests.size() == 1);
  CHECK(to_hex(facts.firmware_blob_digests[0]) == "437c30ef434b8e8f997c5e1eb29d523ff0c729652dcef3d8c879dac2c8468471");
  REQUIRE(facts.boot_application_digests.size() == 2);
  CHECK(to_hex(facts.boot_application_digests[1]) ==
        "d524c997f4fff2e6e89fd1bd73b73a71f63c962e750863549054d9f9e2f358af");
  CHECK(decode_firmware_string(ucs2z("Aboot-norcal14-14.0.3")) == "Aboot-norcal14-14.0.3");
  CHECK(decode_firmware_string(Bytes{'A', 0x01, 'B'}) == "A?B");
  CHECK(decode_firmware_string(Bytes{}).empty());
}

TEST_CASE("boot facts: Secure Boot on, off, or not measured, and the key variables") {
  const BootFacts on = extract_boot_facts(r660_builder().build());
  CHECK(on.secure_boot == true);
  CHECK((on.pk_present && on.kek_present && on.db_present && on.dbx_present));
  const BootFacts off = extract_boot_facts(EventLogBuilder().secure_boot(false, false).build());
  CHECK(off.secure_boot == false);
  CHECK_FALSE((off.pk_present || off.kek_present || off.db_present || off.dbx_present));
  CHECK_FALSE(extract_boot_facts(EventLogBuilder().separators().build()).secure_boot.has_value());
  // The variable name alone is not enough: SecureBoot under another GUID is ignored.
  EfiGuid other = kEfiImageSecurityDatabase;
  const BootFacts wrong_guid = extract_boot_facts(EventLogBuilder().variable(other, "SecureBoot", Bytes{1}).build());
  CHECK_FALSE(wrong_guid.secure_boot.has_value());
}

TEST_CASE("UEFI variable data round-trips and refuses lengths past the end") {
  const Bytes data = encode_uefi_variable(kEfiGlobalVariable, "KEK", Bytes{1, 2, 3});
  const auto v = decode_uefi_variable(data);
  REQUIRE(v.has_value());
  CHECK(v->guid == kEfiGlobalVariable);
  CHECK(v->name == "KEK");
  CHECK(v->data == Bytes{1, 2, 3});
  for (std::size_t n = 0; n < data.size(); ++n) {
    CAPTURE(n);
    CHECK_FALSE(decode_uefi_variable(std::span<const std::uint8_t>(data.data(), n)).has_value());
  }
}
