#include <doctest/doctest.h>

#include <string>

#include "attest/lab/spec.hpp"

using attest::lab::parse_spec;

namespace {

std::string bmc(const std::string& redfish, const std::string& extra = "") {
  return R"({"schema":"attest.lab/v1","devices":[{"name":"bmc1","transport":"redfish","listen":"127.79.0.2:8443",)"
         R"("facts":{"model":"PowerEdge R660","serial":"7XQ9K24","version":"7.00.00.00","bios_version":"1.3.2"},)"
         R"("redfish":)" + redfish + extra + "}]}";
}

std::string error_of(const std::string& text) {
  auto r = parse_spec(text, "/labs/rack1/lab.json");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == attest::ErrorKind::input);
  return r.error().message;
}

}  // namespace

TEST_CASE("a redfish device loads its mockup, accounts, lockout, protocols and fault") {
  auto r = parse_spec(bmc(R"({"mockup":"idrac","accounts":[{"username":"root","password":"calvin"},)"
                          R"({"username":"ops","password":"s3cret-pw","enabled":false,"role":"ReadOnly"}],)"
                          R"("lockout":{"threshold":3,"duration_s":60,"reset_after_s":30},"ipmi_enabled":true,)"
                          R"("telnet_enabled":true,"fault":"truncated_json"})"),
                      "/labs/rack1/lab.json");
  REQUIRE(r.ok());
  const auto& d = r->devices.at(0);
  CHECK(d.transport == attest::lab::Transport::redfish);
  CHECK(d.profile.empty());
  CHECK(d.address == "127.79.0.2");
  CHECK(d.port == 8443);
  CHECK(d.facts.get("bios_version", "") == "1.3.2");
  REQUIRE(d.redfish.has_value());
  const auto& rf = *d.redfish;
  CHECK(rf.mockup == "idrac");
  CHECK(rf.tls_cert == "/labs/rack1/keys/bmc1.redfish.crt");
  CHECK(rf.tls_key == "/labs/rack1/keys/bmc1.redfish.key");
  CHECK_FALSE(rf.cert_expired);
  REQUIRE(rf.accounts.size() == 2);
  CHECK(rf.accounts[0].enabled);
  CHECK(rf.accounts[0].role == "Administrator");
  CHECK_FALSE(rf.accounts[1].enabled);
  CHECK(rf.accounts[1].role == "ReadOnly");
  CHECK(rf.lockout.threshold == 3);
  CHECK(rf.lockout.duration_s == 60);
  CHECK(rf.lockout.reset_after_s == 30);
  CHECK(rf.ipmi_enabled);
  CHECK(rf.telnet_enabled);
  CHECK_FALSE(rf.ssdp_enabled);
  CHECK_FALSE(rf.http_enabled);
  CHECK(rf.fault == attest::lab::RedfishFault::truncated_json);
}

TEST_CASE("reset_after_s defaults to duration_s and may not exceed it") {
  auto r = parse_spec(bmc(R"({"mockup":"ilo","accounts":[],"lockout":{"threshold":5,"duration_s":300}})"), "/l/lab.json");
  REQUIRE(r.ok());
  CHECK(r->devices[0].redfish->lockout.reset_after_s == 300);
  CHECK(error_of(bmc(R"({"mockup":"ilo","accounts":[],"lockout":{"threshold":5,"duration_s":30,"reset_after_s":60}})"))
            .find("/devices/0/redfish/lockout/reset_after_s: must not exceed duration_s") != std::string::npos);
}

TEST_CASE("redfish spec errors name the file and the JSON pointer") {
  CHECK(error_of(bmc(R"({"mockup":"ibm-imm","accounts":[]})")) ==
        "/labs/rack1/lab.json: /devices/0/redfish/mockup: unknown mockup \"ibm-imm\" (idrac, ilo, supermicro, xcc, openbmc)");
  CHECK(error_of(bmc(R"({"mockup":"xcc","accounts":[],"fault":"slow"})")).find("/devices/0/redfish/fault: unknown Redfish fault") !=
        std::string::npos);
  CHECK(error_of(bmc(R"({"mockup":"xcc","accounts":[{"username":"a/b","password":"x"}]})"))
            .find("/devices/0/redfish/accounts/0/username: must be 1-64 of") != std::string::npos);
  CHECK(error_of(bmc(R"({"mockup":"xcc","accounts":[{"username":"a","password":"x"},{"username":"a","password":"y"}]})"))
            .find("/devices/0/redfish/accounts/1/username: duplicate account") != std::string::npos);
  CHECK(error_of(bmc(R"({"mockup":"xcc","accounts":[],"ipmi":true})")).find("/devices/0/redfish") != std::string::npos);
}

TEST_CASE("a redfish device refuses SSH fields and an SSH device refuses a redfish object") {
  CHECK(error_of(bmc(R"({"mockup":"openbmc","accounts":[]})", R"(,"profile":"arista-eos")")) ==
        "/labs/rack1/lab.json: /devices/0/profile: not a field of a Redfish device (see \"redfish\")");
  CHECK(error_of(bmc(R"({"mockup":"openbmc","accounts":[]})", R"(,"transport":"snmp")")).find("duplicate") != std::string::npos);
  const std::string ssh = R"({"schema":"attest.lab/v1","devices":[{"name":"s","profile":"arista-eos","listen":"127.1.0.1:22",)"
                          R"("facts":{"model":"m","serial":"s","version":"v"},"accounts":[],"redfish":{"mockup":"idrac"}}]})";
  CHECK(error_of(ssh).find("/devices/0/redfish: only for a device with \"transport\": \"redfish\"") != std::string::npos);
  const std::string other = R"({"schema":"attest.lab/v1","devices":[{"name":"s","transport":"snmp","listen":"127.1.0.1:22"}]})";
  CHECK(error_of(other).find("/devices/0/transport: must be \"ssh\" or \"redfish\"") != std::string::npos);
}
