// attest against an OpenSSH sshd hardened the usual way: AEAD or
// encrypt-then-MAC only, an RSA host key signed with SHA-2 only. libssh2 1.10
// (Debian 12) fails these handshakes ("Unable to exchange encryption keys") or
// takes SHA-1 ssh-rsa signatures; the 1.11 attest links must not.
#include <doctest/doctest.h>

#include <cstdio>

#include "attest/ssh/collector.hpp"
#include "attest/ssh/session.hpp"
#include "attest/ssh/version.hpp"
#include "sshd_fixture.hpp"

using namespace attest;
using attest::test::Sshd;

namespace {

constexpr const char* kGcmRsaSha2 =
    "Ciphers aes256-gcm@openssh.com\nMACs hmac-sha2-256-etm@openssh.com\nHostKeyAlgorithms rsa-sha2-512\n";
constexpr const char* kCtrEtm = "Ciphers aes256-ctr\nMACs hmac-sha2-256-etm@openssh.com\n";

// What the handshake with `sshd` settled on, through attest's own Session.
NegotiatedAlgorithms negotiate(const Sshd& sshd) {
  const Millis limit(5000);
  auto session = ssh::Session::open("127.0.0.1", sshd.port(), ssh::Timer{Deadline(limit), limit});
  REQUIRE_MESSAGE(session, (session ? "" : session.error().message), "\nsshd log:\n", sshd.log());
  NegotiatedAlgorithms negotiated = session->negotiated();
  session->disconnect(ssh::Timer{Deadline(limit), limit});
  return negotiated;
}

}  // namespace

TEST_CASE("attest runs with a libssh2 that speaks ETM, AES-GCM and rsa-sha2 (1.11 or newer)") {
  const std::string version = ssh::libssh2_runtime_version();
  INFO("libssh2 ", version);
  int major = 0, minor = 0;
  REQUIRE(std::sscanf(version.c_str(), "%d.%d", &major, &minor) == 2);
  CHECK((major > 1 || (major == 1 && minor >= 11)));
}

TEST_CASE("an sshd allowing only AES-GCM and an rsa-sha2-512 host key completes the handshake") {
  Sshd sshd(kGcmRsaSha2, "rsa");
  const NegotiatedAlgorithms negotiated = negotiate(sshd);
  CHECK(negotiated.host_key == "rsa-sha2-512");
  CHECK(negotiated.cipher_c2s == "aes256-gcm@openssh.com");
  CHECK(negotiated.cipher_s2c == "aes256-gcm@openssh.com");
  CHECK(sshd.count_log("Unable to negotiate") == 0);
}

TEST_CASE("the host key of an rsa-sha2-512-only sshd is read and matches ssh-keygen's fingerprint") {
  Sshd sshd(kGcmRsaSha2, "rsa");
  auto key = fetch_host_key("127.0.0.1", sshd.port(), Millis(5000));
  REQUIRE_MESSAGE(key, (key ? "" : key.error().message));
  CHECK(key->type == "ssh-rsa");  // the key's type; the signature was rsa-sha2-512
  CHECK(key->fingerprint == sshd.host_fingerprint());
}

TEST_CASE("an sshd allowing only a CTR cipher with an encrypt-then-MAC MAC negotiates the ETM MAC") {
  Sshd sshd(kCtrEtm);
  const NegotiatedAlgorithms negotiated = negotiate(sshd);
  CHECK(negotiated.cipher_c2s == "aes256-ctr");
  CHECK(negotiated.mac_c2s == "hmac-sha2-256-etm@openssh.com");
  CHECK(negotiated.mac_s2c == "hmac-sha2-256-etm@openssh.com");
}

TEST_CASE("a key login to a hardened sshd collects the device's facts with the pinned RSA host key") {
  Sshd sshd(kGcmRsaSha2, "rsa");
  static const Profile profile{"generic-linux", "Linux", "semver", ChannelMode::exec, {},
                               {"cat /sys/class/dmi/id/product_serial"}, "", "", nullptr};
  const DeviceEvidence evidence = collect_device(test::key_login_request(sshd, profile));
  CHECK_FALSE(evidence.connect_error);
  CHECK(evidence.host_key_matches_pin);
  CHECK_FALSE(evidence.login_error);
  REQUIRE(evidence.commands.size() == 1);
  CHECK(evidence.commands[0].output == test::kFakeSerial);
}
