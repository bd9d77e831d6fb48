// Host keys from known_hosts files and ssh-keyscan output, matched by
// libssh2's knownhost API: the committed fixture (tests/fixtures/ssh/known_hosts,
// made by its make.sh with ssh-keygen) and files OpenSSH's tools write now.
#include <doctest/doctest.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "attest/ssh/known_hosts.hpp"
#include "attest/util/files.hpp"
#include "attest/util/process.hpp"

using namespace attest;
using namespace attest::ssh;

namespace {

const std::string kFixtures = std::string(ATTEST_SOURCE_DIR) + "/tests/fixtures/ssh/known_hosts/";

// As `ssh-keygen -lf` prints them for ../keys/*.pub.
const std::string kEd25519 = "SHA256:nkkIUAYHQi5q44TSQNMbci1lvyEzD7JwuAUvEY5MUJs";
const std::string kEcdsa256 = "SHA256:fzN6XEchxZBKAQCfbl9J8oGVuYBeIX6Yi/izcCwnIb0";
const std::string kEcdsa384 = "SHA256:9ZqHyOCsY0U9UglEx7xtzxeEaRHloU1BR+9k8WpZnT4";
const std::string kEcdsa521 = "SHA256:f8o20c4gFuVWWTBsvVnN/PnWVqSzZAEW76xK3Vy8El0";
const std::string kRsa = "SHA256:1mqHrFewgUonXqiA86lAm4QFkoAPfVKp3+Xa08WhNvU";

KnownHosts load_fixture(const std::string& name, HostKeyFile form) {
  auto hosts = KnownHosts::load(kFixtures + name, form);
  REQUIRE_MESSAGE(hosts.ok(), hosts.error().message);
  return std::move(hosts).value();
}

std::vector<std::string> fingerprints(const KnownHosts& hosts, const std::string& address, std::uint16_t port) {
  auto keys = hosts.keys_for(address, port);
  REQUIRE_MESSAGE(keys.ok(), keys.error().message);
  std::vector<std::string> out;
  for (const auto& k : *keys) out.push_back(k.fingerprint);
  return out;
}

std::string parse_error(const std::string& text, HostKeyFile form = HostKeyFile::known_hosts) {
  auto hosts = KnownHosts::parse(text, "kh", form);
  REQUIRE_FALSE(hosts.ok());
  CHECK(hosts.error().kind == ErrorKind::input);
  return hosts.error().message;
}

std::string run(const std::vector<std::string>& argv) {
  auto out = run_process(argv);
  REQUIRE_MESSAGE(out.ok(), out.error().message);
  REQUIRE_MESSAGE(out->exit_code == 0, out->err);
  return out->out;
}

using Strings = std::vector<std::string>;

const std::string kKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAFhG8krix3po+avn2dRxAII+2mR6Z+8Z0eaR0t8M4vL";

}  // namespace

TEST_CASE("plain names, comma lists and every key a host has are found, in file order") {
  const auto hosts = load_fixture("site.known_hosts", HostKeyFile::known_hosts);
  CHECK(fingerprints(hosts, "127.77.0.2", 22) == Strings{kEd25519, kEcdsa256});
  CHECK(fingerprints(hosts, "sw-a.mgmt.example.net", 22) == Strings{kEd25519});
  CHECK(fingerprints(hosts, "SW-A.mgmt.Example.NET", 22) == Strings{kEd25519});  // names are case-blind
  CHECK(fingerprints(hosts, "127.77.0.99", 22).empty());
}

TEST_CASE("a non-standard port matches only its [host]:port entry, never the bare name") {
  const auto hosts = load_fixture("site.known_hosts", HostKeyFile::known_hosts);
  CHECK(fingerprints(hosts, "127.77.0.3", 2222) == Strings{kRsa});
  CHECK(fingerprints(hosts, "127.77.0.3", 22).empty());
  CHECK(fingerprints(hosts, "127.77.0.2", 2222).empty());  // 127.77.0.2 is listed for port 22 only
}

TEST_CASE("names hashed by ssh-keygen -H are found, with and without a port") {
  const auto hosts = load_fixture("site.known_hosts", HostKeyFile::known_hosts);
  CHECK(fingerprints(hosts, "127.77.0.4", 22) == Strings{kEcdsa384});
  CHECK(fingerprints(hosts, "127.77.0.5", 830) == Strings{kEcdsa521});
  CHECK(fingerprints(hosts, "127.77.0.5", 22).empty());
}

TEST_CASE("a key marked @revoked never comes back, even where it is also listed plainly") {
  const auto hosts = load_fixture("site.known_hosts", HostKeyFile::known_hosts);
  CHECK(hosts.revoked_keys() == 1);
  CHECK(fingerprints(hosts, "127.77.0.6", 22).empty());
}

TEST_CASE("an @cert-authority key is no host key pin") {
  const auto hosts = load_fixture("site.known_hosts", HostKeyFile::known_hosts);
  CHECK(fingerprints(hosts, "db.mgmt.example.net", 22).empty());
  CHECK(fingerprints(hosts, "*.mgmt.example.net", 22).empty());
}

TEST_CASE("ssh-keyscan output: host and [host]:port lines, its # comments skipped") {
  const auto hosts = load_fixture("site.keyscan", HostKeyFile::keyscan);
  CHECK(fingerprints(hosts, "127.77.0.2", 22) == Strings{kEd25519});
  CHECK(fingerprints(hosts, "127.77.0.3", 2222) == Strings{kRsa});
}

TEST_CASE("a line that is not a host key line is refused with its line number") {
  CHECK(parse_error("# ok\n127.0.0.1 ssh-ed25519\n") == "kh: line 2: expected \"host keytype base64-key\"");
  CHECK(parse_error("127.0.0.1 ssh-ed25519 AAAA!!!!\n") == "kh: line 1: the key is not valid base64");
  CHECK(parse_error("127.0.0.1 ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIAFhG8krix3po+avn2dRxAII+2mR6Z+8Z0eaR0t8M4vL\n") ==
        "kh: line 1: the key is not a ssh-rsa key");
  CHECK(parse_error("@trusted 127.0.0.1 " + kKey + "\n") ==
        "kh: line 1: unknown marker @trusted (OpenSSH knows @revoked and @cert-authority)");
  CHECK(parse_error("@revoked 127.0.0.1 " + kKey + "\n", HostKeyFile::keyscan) ==
        "kh: line 1: a marker (@revoked) is not ssh-keyscan output");
}

TEST_CASE("key types libssh2 cannot look up are skipped and counted, not pinned") {
  auto hosts = KnownHosts::parse("127.0.0.1 sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29t\n"
                                 "127.0.0.1 1024 35 1234567\n127.0.0.1 " + kKey + " comment\r\n",
                                 "kh", HostKeyFile::known_hosts);
  REQUIRE_MESSAGE(hosts.ok(), hosts.error().message);
  CHECK(hosts->skipped_lines() == 2);
  CHECK(fingerprints(*hosts, "127.0.0.1", 22) == Strings{kEd25519});
}

TEST_CASE("a known_hosts file written and hashed by OpenSSH's ssh-keygen just now") {
  std::string dir = (std::filesystem::temp_directory_path() / "attest-kh-XXXXXX").string();
  REQUIRE(::mkdtemp(dir.data()) != nullptr);
  run({"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "", "-f", dir + "/host"});
  run({"ssh-keygen", "-q", "-t", "ecdsa", "-N", "", "-C", "", "-f", dir + "/other"});
  auto pub = read_file(dir + "/host.pub");
  auto other = read_file(dir + "/other.pub");
  REQUIRE((pub.ok() && other.ok()));
  const std::string kh = dir + "/known_hosts";
  std::ofstream(kh) << "10.1.2.3 " << *pub << "[10.1.2.4]:2200 " << *pub << "10.1.2.5 " << *other;
  run({"ssh-keygen", "-q", "-H", "-f", kh});
  auto hashed = read_file(kh);
  REQUIRE(hashed.ok());
  CHECK(hashed->find("10.1.2.") == std::string::npos);  // names are hashed now
  CHECK(hashed->find("|1|") == 0);
  // ssh-keygen -lf prints "256 SHA256:... comment (ED25519)".
  const std::string listed = run({"ssh-keygen", "-lf", dir + "/host.pub"});
  const std::string expected = listed.substr(listed.find(' ') + 1, 50);
  const auto hosts = KnownHosts::load(kh, HostKeyFile::known_hosts);
  REQUIRE_MESSAGE(hosts.ok(), hosts.error().message);
  CHECK(fingerprints(*hosts, "10.1.2.3", 22) == Strings{expected});
  CHECK(fingerprints(*hosts, "10.1.2.4", 2200) == Strings{expected});
  CHECK(fingerprints(*hosts, "10.1.2.4", 22).empty());
  CHECK(fingerprints(*hosts, "10.1.2.5", 22).size() == 1);
  CHECK(fingerprints(*hosts, "10.1.2.5", 22) != Strings{expected});
  std::filesystem::remove_all(dir);
}
