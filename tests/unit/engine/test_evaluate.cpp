#include <doctest/doctest.h>

#include "attest/engine/evaluate.hpp"

using namespace attest;

namespace {

// A profile whose parser reads "model serial version" from one command.
Result<DeviceFacts> parse_three_words(const CommandOutputs& outputs) {
  const std::string& text = outputs.at("show facts");
  const auto a = text.find(' '), b = text.find(' ', a + 1);
  if (a == std::string::npos || b == std::string::npos) return make_error(ErrorKind::parse, "need three words");
  return DeviceFacts{"Arista", text.substr(0, a), text.substr(a + 1, b - a - 1), text.substr(b + 1)};
}

const Profile kTestProfile{"arista-eos", "Arista", "arista-eos", ChannelMode::exec, {}, {"show facts"}, "", "",
                           parse_three_words};

Device test_device() {
  Device d;
  d.name = "sw1";
  d.profile = "arista-eos";
  d.model = "DCS-7050SX3-48YC8";
  d.serial = "JPE123";
  d.address = "127.0.0.1";
  d.port = 2222;
  d.host_keys = {"SHA256:pinnedpinnedpinnedpinnedpinnedpinnedpinne"};
  return d;
}

DeviceEvidence good_evidence(const std::string& facts_line) {
  DeviceEvidence ev;
  ev.host_key_type = "ssh-ed25519";
  ev.host_key_fingerprint = test_device().host_keys.front();
  ev.host_key_matches_pin = true;
  ev.attempt_budget = 6;
  ev.commands.push_back(CommandRecord{"show facts", facts_line, "", facts_line.size(), "", "", std::nullopt});
  ev.attempts.push_back(AuthAttempt{AttemptOrigin::login, "netops", "netops", "password", AttemptOutcome::accepted, "", 1});
  ev.attempts.push_back(AuthAttempt{AttemptOrigin::factory_default, "eos-admin-none", "admin", "none",
                                    AttemptOutcome::rejected, "", 2});
  ev.attempts.push_back(AuthAttempt{AttemptOrigin::retired, "netops-2023", "netops", "password",
                                    AttemptOutcome::rejected, "", 2});
  return ev;
}

GoldenDb test_db() {
  GoldenDb db;
  FirmwarePolicy p;
  p.vendor = "Arista";
  p.model = "DCS-7050SX3-48YC8";
  p.profile = "arista-eos";
  p.scheme = "arista-eos";
  p.approved = {"4.30.1F"};
  p.minimum = "4.29.2F";
  p.blocked = {BlockedVersion{"4.28.3M", "SA-TEST-1", "test advisory"}};
  p.source = "arista.json#/models/0";
  db.firmware.push_back(p);
  db.credentials["arista-eos"] = CredentialPolicy{"arista-eos", "defaults.json#/profiles/arista-eos", {}, std::nullopt, std::nullopt, std::nullopt, ""};
  return db;
}

const Finding& finding(const DeviceAssessment& a, const std::string& check_id) {
  for (const auto& f : a.findings)
    if (f.check == check_id) return f;
  FAIL("no finding for " << check_id);
  static Finding none;
  return none;
}

}  // namespace

TEST_CASE("a device with golden evidence passes every check") {
  const auto a = assess_device(test_device(), &kTestProfile, good_evidence("DCS-7050SX3-48YC8 JPE123 4.30.1F"), test_db());
  CHECK(a.verdict == Verdict::pass);
  CHECK(finding(a, check::kFirmwareVersion).status == CheckStatus::pass);
  CHECK(finding(a, check::kIdentity).status == CheckStatus::pass);
  CHECK(finding(a, check::kDefaultCredentials).status == CheckStatus::pass);
}

TEST_CASE("an accepted factory default fails the device and names the credential") {
  auto ev = good_evidence("DCS-7050SX3-48YC8 JPE123 4.30.1F");
  ev.attempts[1].outcome = AttemptOutcome::accepted;
  const auto a = assess_device(test_device(), &kTestProfile, ev, test_db());
  CHECK(a.verdict == Verdict::fail);
  const auto& f = finding(a, check::kDefaultCredentials);
  CHECK(f.status == CheckStatus::fail);
  CHECK(f.detail.find("eos-admin-none") != std::string::npos);
  CHECK(f.detail.find("admin") != std::string::npos);
  CHECK(f.rule == "defaults.json#/profiles/arista-eos");
}

TEST_CASE("findings cite the rule they were checked against") {
  auto device = test_device();
  device.json_pointer = "/racks/0/devices/3";
  const auto a = assess_device(device, &kTestProfile, good_evidence("DCS-7050SX3-48YC8 JPE123 4.30.1F"), test_db());
  CHECK(finding(a, check::kHostKey).rule == "inventory: /racks/0/devices/3/host_key");
  CHECK(finding(a, check::kIdentity).rule == "inventory: /racks/0/devices/3");
  CHECK(finding(a, check::kDefaultCredentials).rule == "defaults.json#/profiles/arista-eos");
  CHECK(finding(a, check::kRetiredCredentials).rule == "secrets file: /retired");
  CHECK(finding(a, check::kFirmwareVersion).rule == "arista.json#/models/0");
}

TEST_CASE("a candidate that was not tried blocks the device as error") {
  auto ev = good_evidence("DCS-7050SX3-48YC8 JPE123 4.30.1F");
  ev.attempts.push_back(AuthAttempt{AttemptOrigin::retired, "old", "root", "password", AttemptOutcome::not_tried,
                                    "not tried: beyond the attempt budget of 3", 0});
  const auto a = assess_device(test_device(), &kTestProfile, ev, test_db());
  CHECK(a.verdict == Verdict::error);
  CHECK(finding(a, check::kRetiredCredentials).detail.find("budget") != std::string::npos);
}

TEST_CASE("a host key that differs from the pin fails and the credential checks are skipped") {
  auto ev = good_evidence("DCS-7050SX3-48YC8 JPE123 4.30.1F");
  ev.host_key_matches_pin = false;
  ev.host_key_fingerprint = "SHA256:otherotherotherotherotherotherotherotherot";
  ev.commands.clear();
  const auto a = assess_device(test_device(), &kTestProfile, ev, test_db());
  CHECK(a.verdict == Verdict::fail);
  CHECK(finding(a, check::kHostKey).status == CheckStatus::fail);
  CHECK(finding(a, check::kDefaultCredentials).status == CheckStatus::skip);
  CHECK(finding(a, check::kIdentity).status == CheckStatus::skip);
}

TEST_CASE("with several pins the key may match any one, and the finding says which") {
  Device d = test_device();
  const std::string retired = "SHA256:retiredretiredretiredretiredretiredretire";
  d.host_keys = {retired, test_device().host_keys.front()};
  const auto ev = good_evidence("DCS-7050SX3-48YC8 JPE123 4.30.1F");
  const auto a = assess_device(d, &kTestProfile, ev, test_db());
  CHECK(finding(a, check::kHostKey).status == CheckStatus::pass);
  CHECK(finding(a, check::kHostKey).detail == "ssh-ed25519 key " + ev.host_key_fingerprint + " matches pin 2 of 2");
  // One pin alone reads as before.
  CHECK(finding(assess_device(test_device(), &kTestProfile, ev, test_db()), check::kHostKey).detail ==
        "ssh-ed25519 key " + ev.host_key_fingerprint + " matches the pin");
}

TEST_CASE("a key that matches none of several pins fails, naming every pin") {
  Device d = test_device();
  d.host_keys = {"SHA256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "SHA256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"};
  auto ev = good_evidence("DCS-7050SX3-48YC8 JPE123 4.30.1F");
  ev.host_key_matches_pin = false;
  const auto a = assess_device(d, &kTestProfile, ev, test_db());
  CHECK(finding(a, check::kHostKey).status == CheckStatus::fail);
  CHECK(finding(a, check::kHostKey).detail.find("pinned SHA256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa or "
                                                "SHA256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb:") != std::string::npos);
}

TEST_CASE("an unreachable device is an error, never a pass") {
  DeviceEvidence ev;
  ev.connect_error = make_error(ErrorKind::refused, "connection refused");
  const auto a = assess_device(test_device(), &kTestProfile, ev, test_db());
  CHECK(a.verdict == Verdict::error);
  CHECK(finding(a, check::kReachability).status == CheckStatus::error);
}

TEST_CASE("a serial that differs from the inventory fails identity") {
  const auto a = assess_device(test_device(), &kTestProfile, good_evidence("DCS-7050SX3-48YC8 XYZ999 4.30.1F"), test_db());
  CHECK(a.verdict == Verdict::fail);
  CHECK(finding(a, check::kIdentity).detail.find("XYZ999") != std::string::npos);
}

TEST_CASE("unparseable output is an error for identity and firmware") {
  const auto a = assess_device(test_device(), &kTestProfile, good_evidence("garbage"), test_db());
  CHECK(a.verdict == Verdict::error);
  CHECK(finding(a, check::kIdentity).status == CheckStatus::error);
  CHECK(finding(a, check::kFirmwareVersion).status == CheckStatus::error);
}

TEST_CASE("a command that timed out leaves identity and firmware in error") {
  auto ev = good_evidence("DCS-7050SX3-48YC8 JPE123 4.30.1F");
  ev.commands[0].error = make_error(ErrorKind::timeout, "timed out after 15000 ms");
  const auto a = assess_device(test_device(), &kTestProfile, ev, test_db());
  CHECK(a.verdict == Verdict::error);
  CHECK(finding(a, check::kFirmwareVersion).detail.find("timed out") != std::string::npos);
}

TEST_CASE("firmware policy: blocked beats minimum, minimum admits newer, older fails, unknown model fails") {
  const Device d = test_device();
  const GoldenDb db = test_db();
  auto fw = [&](const std::string& model, const std::string& version) {
    return check_firmware(d, DeviceFacts{"Arista", model, "JPE123", version}, db);
  };
  CHECK(fw("DCS-7050SX3-48YC8", "4.28.3M").status == CheckStatus::fail);
  CHECK(fw("DCS-7050SX3-48YC8", "4.28.3M").detail.find("SA-TEST-1") != std::string::npos);
  CHECK(fw("DCS-7050SX3-48YC8", "4.31.0F").status == CheckStatus::pass);
  CHECK(fw("DCS-7050SX3-48YC8", "4.29.1F").status == CheckStatus::fail);
  CHECK(fw("DCS-7280CR3-32P4", "4.30.1F").status == CheckStatus::fail);
  CHECK(fw("DCS-7050SX3-48YC8", "not a version").status == CheckStatus::error);
}

TEST_CASE("no default-credential policy for the profile is an error") {
  GoldenDb db = test_db();
  db.credentials.clear();
  const auto a = assess_device(test_device(), &kTestProfile, good_evidence("DCS-7050SX3-48YC8 JPE123 4.30.1F"), db);
  CHECK(finding(a, check::kDefaultCredentials).status == CheckStatus::error);
  CHECK(a.verdict == Verdict::error);
}

TEST_CASE("a verdict needs at least one passing finding") {
  CHECK(verdict_of({}) == Verdict::error);
  CHECK(verdict_of({Finding{check::kHostKey, CheckStatus::skip, "", ""}}) == Verdict::error);
}

TEST_CASE("an explicitly approved special build passes although no scheme can order it") {
  GoldenDb db;
  FirmwarePolicy p;
  p.model = "C9300-48P";
  p.scheme = "cisco-ios";
  p.approved = {"V169_5_SR689355441_2"};
  p.minimum = "17.9.4a";
  db.firmware.push_back(p);
  Device d = test_device();
  CHECK(check_firmware(d, DeviceFacts{"Cisco", "C9300-48P", "X", "V169_5_SR689355441_2"}, db).status == CheckStatus::pass);
  CHECK(check_firmware(d, DeviceFacts{"Cisco", "C9300-48P", "X", "V169_5_SR000000000_1"}, db).status == CheckStatus::error);
  CHECK(check_firmware(d, DeviceFacts{"Cisco", "C9300-48P", "X", "16.12.04"}, db).status == CheckStatus::fail);
}

TEST_CASE("a credential check with no candidates is skipped, not passed") {
  auto ev = good_evidence("DCS-7050SX3-48YC8 JPE123 4.30.1F");
  ev.attempts.resize(1);  // only the login
  const auto a = assess_device(test_device(), &kTestProfile, ev, test_db());
  CHECK(finding(a, check::kDefaultCredentials).status == CheckStatus::skip);
  CHECK(finding(a, check::kRetiredCredentials).status == CheckStatus::skip);
}
