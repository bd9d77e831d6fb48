#include <doctest/doctest.h>

#include <thread>

#include "attest/engine/redfish_checks.hpp"
#include "attest/engine/run.hpp"

using namespace attest;

namespace {

constexpr const char* kPin = "SHA256:pinnedpinnedpinnedpinnedpinnedpinnedpinne";

Device bmc() {
  Device d;
  d.name = "bmc1";
  d.profile = "idrac-redfish";
  d.transport = Transport::redfish;
  d.model = "PowerEdge R660";
  d.serial = "CN0042";
  d.address = "127.0.0.1";
  d.port = 443;
  d.host_keys = {kPin};
  d.json_pointer = "/racks/0/devices/0";
  return d;
}

DeviceEvidence collected() {
  DeviceEvidence ev;
  ev.host_key_type = "tls-certificate";
  ev.host_key_fingerprint = kPin;
  ev.host_key_matches_pin = true;
  RedfishEvidence rf;
  rf.manufacturer = "Dell Inc.";
  rf.model = "PowerEdge R660";
  rf.serial = "CN0042";
  rf.firmware = {{"Installed-25227-7.00.00.171", "Integrated Dell Remote Access Controller", "7.00.00.171"},
                 {"Installed-159-2.1.5", "BIOS", "2.1.5"}};
  rf.protocols = {{"IPMI", false, 623}, {"HTTPS", true, 443}};
  rf.accounts = {{"root", false}, {"attest", true}};
  ev.redfish = rf;
  return ev;
}

// A policy for `name` approving `version`, also its minimum.
FirmwarePolicy approving(const std::string& name, const std::string& version, const std::string& source) {
  FirmwarePolicy p;
  p.model = name;
  p.scheme = "dotted";
  p.approved = {version};
  p.minimum = version;
  p.source = source;
  return p;
}

FirmwarePolicy component(const std::string& name, const std::string& version) {
  return approving(name, version, "fw.json#/models/0/components/" + name);
}

GoldenDb db() {
  GoldenDb g;
  FirmwarePolicy m = approving("PowerEdge R660", "12", "fw.json#/models/0");
  m.components.push_back({"BMC", {"Integrated Dell Remote Access Controller"}, component("BMC", "7.00.00.171")});
  m.components.push_back({"BIOS", {"bios"}, component("BIOS", "2.1.5")});
  g.firmware.push_back(m);
  SshPosturePolicy posture;
  posture.profile = "idrac-redfish";
  posture.redfish = RedfishServicePolicy{{"IPMI", "Telnet", "SSDP", "HTTP"}, {"root"}, "p.json#/policies/idrac-redfish/redfish"};
  g.posture["idrac-redfish"] = posture;
  CredentialPolicy c;
  c.profile = "idrac-redfish";
  c.source = "defaults.json#/profiles/idrac-redfish";
  g.credentials["idrac-redfish"] = c;
  return g;
}

const Finding& find(const DeviceAssessment& a, const char* id) {
  for (const auto& f : a.findings)
    if (f.check == id) return f;
  FAIL("no finding " << id);
  return a.findings.front();
}

}  // namespace

TEST_CASE("a BMC as golden passes every Redfish check") {
  DeviceEvidence ev = collected();
  ev.attempts.push_back({AttemptOrigin::factory_default, "idrac-root-calvin", "root", "http-basic", AttemptOutcome::rejected, "", 1});
  const DeviceAssessment a = assess_redfish_device(bmc(), ev, db());
  CHECK(a.verdict == Verdict::pass);
  CHECK(find(a, check::kFirmwareVersion).detail ==
        "BMC: version 7.00.00.171 is approved for BMC; BIOS: version 2.1.5 is approved for BIOS");
  CHECK(find(a, check::kServicePosture).status == CheckStatus::pass);
}

TEST_CASE("a certificate off its pin fails host-key and skips what needs a credential") {
  DeviceEvidence ev = collected();
  ev.host_key_fingerprint = "SHA256:otherotherotherotherotherotherotherothero";
  ev.host_key_matches_pin = false;
  ev.redfish->tls_subject = "CN=evil";
  const DeviceAssessment a = assess_redfish_device(bmc(), ev, db());
  CHECK(a.verdict == Verdict::fail);
  CHECK(find(a, check::kHostKey).detail.find("(CN=evil), pinned " + std::string(kPin) +
                                             ": possible device swap or interception; no credentials were sent") !=
        std::string::npos);
  CHECK(find(a, check::kDefaultCredentials).status == CheckStatus::skip);
  CHECK(find(a, check::kIdentity).status == CheckStatus::skip);
}

TEST_CASE("a default that logs in fails naming it; one the lockout kept back is an error saying so") {
  DeviceEvidence ev = collected();
  ev.attempts.push_back({AttemptOrigin::factory_default, "idrac-root-calvin", "root", "http-basic", AttemptOutcome::accepted, "", 1});
  const GoldenDb g = db();
  const CredentialPolicy* p = &g.credentials.at("idrac-redfish");
  CHECK(check_redfish_defaults(ev, p).detail == "factory-default credential logs in: 'idrac-root-calvin' (user root, http-basic)");
  ev.attempts.clear();
  ev.attempts.push_back({AttemptOrigin::factory_default, "idrac-root-calvin", "root", "http-basic", AttemptOutcome::not_tried,
                         "not tried: AccountLockoutThreshold 3 with 2 failure(s) inside its 60 s counter window leaves 0 below the threshold", 1});
  const Finding f = check_redfish_defaults(ev, p);
  CHECK(f.status == CheckStatus::error);
  CHECK(f.detail.find("AccountLockoutThreshold 3 with 2 failure(s)") != std::string::npos);
}

TEST_CASE("an old BIOS fails, a component without policy is named, a missing one is an error") {
  DeviceEvidence ev = collected();
  ev.redfish->firmware[1].version = "1.4.2";
  ev.redfish->firmware.push_back({"Installed-101562-22.31.6", "Broadcom NIC", "22.31.6"});
  Finding f = check_redfish_firmware(bmc(), ev, db());
  CHECK(f.status == CheckStatus::fail);
  CHECK(f.detail.find("BIOS: version 1.4.2 is below the minimum 2.1.5 for BIOS") != std::string::npos);
  CHECK(f.detail.find("components without a policy (not judged): Broadcom NIC 22.31.6") != std::string::npos);
  ev.redfish->firmware.erase(ev.redfish->firmware.begin());
  ev.redfish->firmware[0].version = "2.1.5";
  f = check_redfish_firmware(bmc(), ev, db());
  CHECK(f.status == CheckStatus::error);
  CHECK(f.detail.find("BMC: not in the BMC's FirmwareInventory") == 0);
}

TEST_CASE("IPMI on and the factory root account enabled fail service-posture") {
  DeviceEvidence ev = collected();
  ev.redfish->protocols[0].enabled = true;
  ev.redfish->accounts[0].enabled = true;
  const GoldenDb g = db();
  const Finding f = check_redfish_posture(ev, &g.posture.at("idrac-redfish"));
  CHECK(f.status == CheckStatus::fail);
  CHECK(f.detail == "Redfish: IPMI is enabled (port 623); factory account 'root' is enabled");
  CHECK(f.rule == "p.json#/policies/idrac-redfish/redfish");
}

TEST_CASE("a wrong serial fails identity; a failed read is an error naming it") {
  DeviceEvidence ev = collected();
  ev.redfish->serial = "CN9999";
  CHECK(check_redfish_identity(bmc(), ev).detail ==
        "Systems SerialNumber reads 'CN9999', inventory expects 'CN0042': wrong device in this position?");
  ev.session_error = make_error(ErrorKind::parse, "GET /redfish/v1/Systems/1: the BMC answered HTML, not Redfish JSON");
  const Finding f = check_redfish_identity(bmc(), ev);
  CHECK(f.status == CheckStatus::error);
  CHECK(f.detail == "GET /redfish/v1/Systems/1: the BMC answered HTML, not Redfish JSON");
}

TEST_CASE("a rack run hands Redfish devices to the Redfish collector on a thread beside the event loop") {
  Device ssh_device = bmc();
  ssh_device.name = "srv1";
  ssh_device.transport = Transport::ssh;
  ssh_device.profile = "generic-linux";
  ssh_device.port = 22;
  std::thread::id loop_thread, redfish_thread;
  RunOptions options;
  options.collector = [&](const CollectRequest& req) {
    loop_thread = std::this_thread::get_id();
    DeviceEvidence ev;
    ev.device = req.device.name;
    ev.connect_error = make_error(ErrorKind::refused, "fake: no SSH here");
    return ev;
  };
  options.redfish_collector = [&](const redfish::Job& job) {
    redfish_thread = std::this_thread::get_id();
    CHECK(job.defaults.empty());  // the test DB lists none
    DeviceEvidence ev = collected();
    ev.device = job.device.name;
    return ev;
  };
  const auto results = run_devices({ssh_device, bmc()}, Secrets{}, db(), options);
  REQUIRE(results.size() == 2);
  CHECK(results[0].assessment.findings[0].detail.find("fake: no SSH here") != std::string::npos);
  CHECK(find(results[1].assessment, check::kHostKey).status == CheckStatus::pass);
  CHECK(results[1].evidence.redfish.has_value());
  CHECK(loop_thread != std::thread::id());
  CHECK(redfish_thread != std::thread::id());
  CHECK(redfish_thread != loop_thread);
}
