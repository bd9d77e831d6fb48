#include <doctest/doctest.h>

#include "attest/engine/report_ssh.hpp"

using namespace attest;

TEST_CASE("the report's ssh evidence keeps offered lists, negotiated set and host key size") {
  SshServerPosture ssh;
  ssh.banner = "SSH-2.0-OpenSSH_9.2p1";
  KexInitLists offered;
  offered.kex = {"curve25519-sha256", "diffie-hellman-group14-sha256"};
  offered.mac_s2c = {"hmac-sha2-256"};
  ssh.offered = offered;
  ssh.host_key_type = "ssh-rsa";
  ssh.host_key_bits = 3072;
  const auto j = ssh_evidence_json(ssh);
  CHECK(j["banner"] == "SSH-2.0-OpenSSH_9.2p1");
  CHECK(j["offered"]["kex"].size() == 2);
  CHECK(j["offered"]["mac_s2c"][0] == "hmac-sha2-256");
  CHECK(j["offered"]["first_kex_packet_follows"] == false);
  CHECK(j["negotiated"].is_null());
  CHECK(j["host_key"]["bits"] == 3072);
  CHECK(j["refused_by_policy"] == "");
}

TEST_CASE("device text in the ssh evidence is reduced to printable ASCII") {
  SshServerPosture ssh;
  ssh.banner = std::string("SSH-2.0-x\x1b]0;owned\x07\xff");
  ssh.negotiated = NegotiatedAlgorithms{"k\n", "h", "c", "c", "m", "m", "none", "none"};
  const auto j = ssh_evidence_json(ssh);
  CHECK(j["banner"] == "SSH-2.0-x?]0;owned??");
  CHECK(j["negotiated"]["kex"] == "k?");
  CHECK(j["offered"].is_null());
  CHECK_NOTHROW((void)j.dump());
}

TEST_CASE("exposure probes are reported with their state") {
  const auto j = exposure_json({PortProbe{"telnet", 23, PortState::open, "connected"},
                                PortProbe{"telnet", 2323, PortState::filtered, ""}});
  REQUIRE(j.size() == 2);
  CHECK(j[0]["state"] == "open");
  CHECK(j[0]["port"] == 23);
  CHECK(j[1]["state"] == "filtered");
}
