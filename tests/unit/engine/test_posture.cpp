#include <doctest/doctest.h>

#include <algorithm>

#include "attest/config/golden_loader.hpp"
#include "attest/engine/evaluate.hpp"
#include "attest/engine/posture_check.hpp"
#include "attest/ssh/kexinit.hpp"
#include "attest/util/files.hpp"

using namespace attest;

namespace {

std::string source(const std::string& relative) {
  auto text = read_file(std::string(ATTEST_SOURCE_DIR) + "/" + relative);
  REQUIRE_MESSAGE(text.ok(), text.error().message);
  return *text;
}

// The shipped golden DB's posture policies.
GoldenDb shipped_posture() {
  GoldenDb db;
  auto status = parse_posture_file(source("firmware-db/posture/site.json"), "posture/site.json", db);
  REQUIRE_MESSAGE(status.ok(), status.error().message);
  return db;
}

// Evidence as the collector records it from a captured server (tests/fixtures/ssh).
DeviceEvidence evidence_from(const std::string& capture, const std::string& key_type, int bits) {
  const auto p = ssh::parse_server_hello(source("tests/fixtures/ssh/" + capture));
  REQUIRE(p.state() == ssh::HelloState::complete);
  DeviceEvidence ev;
  ev.ssh.banner = p.hello().banner;
  ev.ssh.offered = p.hello().kexinit;
  ev.ssh.host_key_type = key_type;
  ev.ssh.host_key_bits = bits;
  ev.ssh.login_methods = {"publickey", "password"};
  ev.exposure = {PortProbe{"telnet", 23, PortState::closed, "connection refused"}};
  return ev;
}

Finding posture_of(const DeviceEvidence& ev, const std::string& profile = "generic-linux") {
  static const GoldenDb db = shipped_posture();
  Device d;
  d.profile = profile;
  return check_ssh_posture(d, ev, db.find_posture(profile));
}

bool has(const std::string& detail, const std::string& part) { return detail.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("a weak-only device fails the site default naming each forbidden algorithm by class") {
  const Finding f = posture_of(evidence_from("openssh-9.2-weak-only.bin", "ssh-dss", 1024));
  CHECK(f.check == check::kSshPosture);
  REQUIRE(f.status == CheckStatus::fail);
  CHECK(has(f.detail, "forbidden kex offered: diffie-hellman-group1-sha1"));
  CHECK(has(f.detail, "forbidden host key algorithm offered: ssh-dss"));
  CHECK(has(f.detail, "forbidden cipher offered: 3des-cbc"));
  CHECK(has(f.detail, "forbidden MAC offered: hmac-md5"));
  CHECK(has(f.detail, "no required kex offered"));
  CHECK(has(f.detail, "no required cipher offered"));
  CHECK(has(f.detail, "host key ssh-dss has 1024 bits, below 2048"));
  CHECK(f.rule == "posture/site.json#/policies/default");
}

TEST_CASE("stock OpenSSH 9.2, dropbear 2022.83 and the lab's libssh pass the site default") {
  for (const char* capture : {"openssh-9.2-debian12.bin", "dropbear-2022.83.bin", "libssh-lab.bin"}) {
    CAPTURE(capture);
    const Finding f = posture_of(evidence_from(capture, "ssh-ed25519", 256));
    CHECK_MESSAGE(f.status == CheckStatus::pass, f.detail);
  }
}

TEST_CASE("paramiko 2.12's default offer fails for its legacy algorithms") {
  const Finding f = posture_of(evidence_from("paramiko-2.12.bin", "ssh-rsa", 3072));
  REQUIRE(f.status == CheckStatus::fail);
  CHECK(has(f.detail, "forbidden kex offered: diffie-hellman-group-exchange-sha1, diffie-hellman-group1-sha1"));
  CHECK(has(f.detail, "forbidden cipher offered: aes128-cbc, aes192-cbc, aes256-cbc, 3des-cbc"));
  CHECK(has(f.detail, "forbidden MAC offered: hmac-md5, hmac-sha1-96, hmac-md5-96"));
  CHECK_FALSE(has(f.detail, "no required"));
}

TEST_CASE("a pass names the negotiated set and the host key") {
  DeviceEvidence ev = evidence_from("openssh-9.2-debian12.bin", "ssh-ed25519", 256);
  ev.ssh.negotiated = NegotiatedAlgorithms{"curve25519-sha256", "ssh-ed25519", "aes128-ctr", "aes128-ctr",
                                           "hmac-sha2-256", "hmac-sha2-256", "none", "none"};
  const Finding f = posture_of(ev);
  REQUIRE(f.status == CheckStatus::pass);
  CHECK(f.detail == "negotiated kex curve25519-sha256, host key ssh-ed25519 256 bits, cipher aes128-ctr, MAC hmac-sha2-256");
}

TEST_CASE("an open must-be-closed service fails and an unprobed one is an error") {
  DeviceEvidence ev = evidence_from("openssh-9.2-debian12.bin", "ssh-ed25519", 256);
  ev.exposure[0].state = PortState::open;
  const Finding open = posture_of(ev);
  CHECK(open.status == CheckStatus::fail);
  CHECK(open.detail == "telnet (TCP 23) is open");
  ev.exposure.clear();
  const Finding missing = posture_of(ev);
  CHECK(missing.status == CheckStatus::error);
  CHECK(missing.detail == "telnet (TCP 23) was not probed");
  ev.exposure = {PortProbe{"telnet", 23, PortState::filtered, "no answer"}};
  CHECK(posture_of(ev).status == CheckStatus::pass);
}

TEST_CASE("a profile's policy replaces the site default whole") {
  GoldenDb db = shipped_posture();
  const std::string strict = R"({"schema": "attest.posture/v1", "policies": {"opengear": {
    "source": "vendor hardening guide", "password_auth_allowed": false, "banner_may_reveal_version": false}}})";
  REQUIRE(parse_posture_file(strict, "posture/opengear.json", db).ok());
  const DeviceEvidence weak = evidence_from("openssh-9.2-weak-only.bin", "ssh-dss", 2048);
  Device d;
  d.profile = "opengear";
  const Finding f = check_ssh_posture(d, weak, db.find_posture("opengear"));
  REQUIRE(f.status == CheckStatus::fail);
  // Nothing of the default remains: no algorithm lists, no telnet probe.
  CHECK(f.detail == "server offers password to the login user; banner 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10' "
                    "reveals the software version");
  CHECK(f.rule == "posture/opengear.json#/policies/opengear");
  CHECK(db.find_posture("arista-eos")->source == "posture/site.json#/policies/default");
}

TEST_CASE("without a posture policy a reached device is an error and an unreached one is skipped") {
  DeviceEvidence ev = evidence_from("openssh-9.2-debian12.bin", "ssh-ed25519", 256);
  const Finding none = check_ssh_posture(Device{}, ev, nullptr);
  CHECK(none.status == CheckStatus::error);
  CHECK(none.detail == "golden DB has no ssh-posture policy");
  CHECK(check_ssh_posture(Device{}, DeviceEvidence{}, nullptr).status == CheckStatus::skip);
}

TEST_CASE("a banner without a KEXINIT is an error and a policy refusal fails") {
  const GoldenDb db = shipped_posture();
  DeviceEvidence ev = evidence_from("openssh-9.2-debian12.bin", "", 0);
  ev.ssh.offered.reset();
  const Finding no_kex = check_ssh_posture(Device{}, ev, db.find_posture(""));
  CHECK(no_kex.status == CheckStatus::error);
  CHECK(no_kex.detail == "banner 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10' seen but no KEXINIT received");
  ev.ssh.refused_by_policy = "no key exchange offered by the server is allowed: diffie-hellman-group1-sha1";
  const Finding refused = check_ssh_posture(Device{}, ev, db.find_posture(""));
  CHECK(refused.status == CheckStatus::fail);
  CHECK(refused.detail == "refused by policy: " + ev.ssh.refused_by_policy);
}

TEST_CASE("an SSH-1-only server fails") {
  DeviceEvidence ev;
  ev.ssh.banner = "SSH-1.5-Cisco-1.25";
  const Finding f = check_ssh_posture(Device{}, ev, nullptr);
  CHECK(f.status == CheckStatus::fail);
  CHECK(f.detail == "server speaks only SSH-1: 'SSH-1.5-Cisco-1.25'");
}

TEST_CASE("a device that fails posture is still assessed for the other checks") {
  GoldenDb db = shipped_posture();
  Device d;
  d.name = "weak";
  d.profile = "generic-linux";
  d.host_keys = {"SHA256:pin"};
  DeviceEvidence ev = evidence_from("openssh-9.2-weak-only.bin", "ssh-dss", 1024);
  ev.host_key_fingerprint = "SHA256:pin";
  ev.host_key_matches_pin = true;
  const DeviceAssessment a = assess_device(d, nullptr, ev, db);
  REQUIRE(a.findings.size() >= 3);
  CHECK(a.findings[1].check == std::string(check::kHostKey));
  CHECK(a.findings[2].check == std::string(check::kSshPosture));
  CHECK(a.findings[2].status == CheckStatus::fail);
  CHECK(a.verdict == Verdict::fail);
  CHECK(std::any_of(a.findings.begin(), a.findings.end(),
                    [](const Finding& f) { return f.check == check::kIdentity; }));
}
