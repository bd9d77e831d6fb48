#include <doctest/doctest.h>

#include "attest/config/golden_loader.hpp"
#include "attest/integrity/golden_check.hpp"
#include "integrity_fixtures.hpp"

using namespace attest;
using namespace attest::integrity;
using integrity_test::capture;
using integrity_test::cisco_roots;
using integrity_test::replace_once;

namespace {

// The ISR 4451 pair's own hashes, as a reviewer would list them for 17.04.01a.
std::string golden_file(const std::string& os_hash_override = {}) {
  auto report = parse_integrity(capture("isr4k_show_plat_int_multi_hashes.txt"));
  REQUIRE(report.ok());
  std::string os;
  for (const auto& h : report->os_hashes) os += std::string(os.empty() ? "" : ", ") + "\"" + to_hex(h.digest) + "\"";
  if (!os_hash_override.empty()) os = "\"" + os_hash_override + "\"";
  return R"({"schema": "attest.integrity/v1", "description": "from the BootIntegrityValidator capture",
    "policies": [{"model": "ISR4451-X/K9", "os_versions": ["17.04.01a"],
      "boot0_hashes": [")" + to_hex(report->boot0.digest) + R"("],
      "boot_loader_hashes": [")" + to_hex(report->boot_loader.digest) + R"("],
      "os_hashes": [)" + os + "]}]}";
}

GoldenDb db_of(const std::string& json) {
  GoldenDb db;
  const auto st = parse_integrity_file(json, "db/integrity/cisco.json", db);
  REQUIRE_MESSAGE(st.ok(), (st.ok() ? "" : st.error().message));
  return db;
}

SwitchIntegrityInputs isr4451_inputs() {
  SwitchIntegrityInputs in;
  in.integrity_output = capture("isr4k_show_plat_int_multi_hashes.txt");
  in.sudi_output = capture("isr4k_show_plat_sudi_cert.txt");
  in.nonce = 12345;
  in.trusted_roots_der = cisco_roots();
  return in;
}

}  // namespace

TEST_CASE("a switch whose signed evidence verifies and whose every hash is golden passes measured-boot") {
  const auto f = check_switch_integrity(isr4451_inputs(), db_of(golden_file()));
  CHECK(f.check == check::kMeasuredBoot);
  CHECK_MESSAGE(f.status == CheckStatus::pass, f.detail);
  CHECK(f.detail.find("PID:ISR4451-X/K9 SN:FOC163709C3") != std::string::npos);
  CHECK(f.rule == "db/integrity/cisco.json#/policies/0");
}

TEST_CASE("the first hash that is not golden fails measured-boot, named with its value") {
  auto db = db_of(golden_file());
  db.integrity[0].os_hashes.erase(db.integrity[0].os_hashes.begin() + 2);  // the third package
  const auto f = check_switch_integrity(isr4451_inputs(), db);
  CHECK(f.status == CheckStatus::fail);
  CHECK(f.detail.find("isr4400-firmware_nim_shdsl.17.04.01a.SPA.pkg f4bcfa45") != std::string::npos);
  CHECK(f.detail.find("is not a golden value for model 'ISR4451-X/K9' OS '17.04.01a'") != std::string::npos);
  db.integrity[0].boot_loader_hashes = {std::string(128, '0')};
  CHECK(check_switch_integrity(isr4451_inputs(), db).detail.find("Boot Loader Hash db7946ce") == 0);
}

TEST_CASE("no policy for the release, a wrong nonce or a tampered hash fails; a refusal or garbage is an error") {
  CHECK(check_switch_integrity(isr4451_inputs(), GoldenDb{}).detail.find("no golden integrity values") != std::string::npos);
  const auto db = db_of(golden_file());
  auto in = isr4451_inputs();
  in.nonce = 12346;
  CHECK(check_switch_integrity(in, db).status == CheckStatus::fail);
  in = isr4451_inputs();
  in.integrity_output = replace_once(*in.integrity_output, "OS Hashes:\nisr4400-universalk9.17.04.01a.SPA.bin: A", "OS Hashes:\nisr4400-universalk9.17.04.01a.SPA.bin: B");
  const auto tampered = check_switch_integrity(in, db);
  CHECK(tampered.status == CheckStatus::fail);
  CHECK(tampered.detail.find("PCR8 replayed") != std::string::npos);
  in = isr4451_inputs();
  in.integrity_output = capture("cbr8_show_plat_int_sign_not_present.txt");
  CHECK(check_switch_integrity(in, db).status == CheckStatus::error);
  in = isr4451_inputs();
  in.sudi_output = make_error(ErrorKind::timeout, "command timed out");
  const auto missing = check_switch_integrity(in, db);
  CHECK(missing.status == CheckStatus::error);
  CHECK(missing.detail == "no integrity evidence: command timed out");
}

TEST_CASE("integrity files with bad hashes, an empty list or a duplicated release are refused with file and pointer") {
  GoldenDb db;
  const auto bad_hash = replace_once(golden_file(), R"("boot0_hashes": [")", R"("boot0_hashes": ["zz)");
  auto st = parse_integrity_file(bad_hash, "db/integrity/cisco.json", db);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().message == "db/integrity/cisco.json: /policies/0/boot0_hashes/0: must be a sha256 or sha512 digest (64 or 128 hex digits)");
  const auto empty = replace_once(golden_file(), R"("os_versions": ["17.04.01a"])", R"("os_versions": [])");
  st = parse_integrity_file(empty, "x.json", db);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().message == "x.json: /policies/0/os_versions: must not be empty");
  db = db_of(golden_file());
  st = parse_integrity_file(golden_file(), "db/integrity/second.json", db);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().message.find("db/integrity/second.json: /policies/0/os_versions/0: model 'ISR4451-X/K9' OS '17.04.01a' already has an integrity policy at db/integrity/cisco.json#/policies/0/os_versions/0") == 0);
  st = parse_integrity_file(replace_once(golden_file(), "\"os_hashes\"", "\"os_hash\""), "x.json", db);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().message.find("x.json: /policies/0") == 0);
}

TEST_CASE("what the switch prints reaches the finding without escape sequences") {
  // An OSC title and a colour in the platform line: verification then fails
  // (the platform is not the SUDI PID), and the reason quotes the platform.
  SwitchIntegrityInputs in = isr4451_inputs();
  in.integrity_output = replace_once(*in.integrity_output, "Platform: ISR4451-X/K9",
                                     "Platform: ISR4451-X/K9\x1b]0;owned\x07\x1b[31m");
  const auto f = check_switch_integrity(in, db_of(golden_file()));
  CHECK(f.status != CheckStatus::pass);
  CHECK(f.detail.find('\x1b') == std::string::npos);
  CHECK(f.detail.find('\x07') == std::string::npos);
}
