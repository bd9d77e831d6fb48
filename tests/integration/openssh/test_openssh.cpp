// The SSH collector against a real OpenSSH 9.2 sshd on loopback.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "attest/ssh/collector.hpp"
#include "attest/util/digest.hpp"
#include "sshd_fixture.hpp"

using namespace attest;
using attest::test::Sshd;

namespace {

const Profile& generic_linux() {
  static const Profile profile{"generic-linux", "Linux", "semver", ChannelMode::exec, {},
                               {"cat /etc/os-release", "cat /sys/class/dmi/id/sys_vendor",
                                "cat /sys/class/dmi/id/product_name", "cat /sys/class/dmi/id/product_serial"},
                               "", "", nullptr};
  return profile;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

CollectRequest request_for(const Sshd& sshd, const Profile& profile) { return test::key_login_request(sshd, profile); }

CredentialProbe password_probe(const std::string& id, const std::string& password) {
  return CredentialProbe{AttemptOrigin::factory_default, id, "root", false, password};
}

int count(const DeviceEvidence& evidence, AttemptOutcome outcome) {
  int n = 0;
  for (const auto& a : evidence.attempts) n += a.outcome == outcome ? 1 : 0;
  return n;
}

// True when `secret` appears in any text the evidence carries.
bool mentions(const DeviceEvidence& evidence, const std::string& secret) {
  auto in = [&](const std::string& text) { return text.find(secret) != std::string::npos; };
  auto in_error = [&](const std::optional<Error>& e) { return e && in(e->message); };
  if (in_error(evidence.connect_error) || in_error(evidence.login_error) || in_error(evidence.session_error)) {
    return true;
  }
  for (const auto& a : evidence.attempts) {
    if (in(a.detail) || in(a.credential_id) || in(a.method)) return true;
  }
  return false;
}

// A TCP listener that completes the handshake (kernel backlog) and never
// says a word: an SSH server that hangs before its banner.
struct SilentListener {
  int fd = -1;
  std::uint16_t port = 0;
  SilentListener() {
    fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(fd, 8) == 0);
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port = ntohs(addr.sin_port);
  }
  ~SilentListener() { ::close(fd); }
};

}  // namespace

TEST_CASE("key login reads all four generic-linux commands exactly") {
  Sshd sshd;
  const DeviceEvidence evidence = collect_device(request_for(sshd, generic_linux()));
  CHECK_FALSE(evidence.connect_error);
  CHECK(evidence.host_key_matches_pin);
  CHECK(evidence.host_key_type == "ssh-ed25519");
  CHECK(evidence.host_key_fingerprint == sshd.host_fingerprint());
  CHECK_FALSE(evidence.login_error);
  CHECK_FALSE(evidence.session_error);
  REQUIRE(evidence.commands.size() == 4);
  for (const auto& command : evidence.commands) {
    INFO(command.command, " ", (command.error ? command.error->message : ""));
    CHECK_FALSE(command.error);
    CHECK(command.size == command.output.size());
    CHECK(command.sha256 == sha256_hex(command.output));
  }
  CHECK(evidence.commands[0].output == slurp("/etc/os-release"));
  CHECK(evidence.commands[1].output == test::kFakeVendor);
  CHECK(evidence.commands[2].output == test::kFakeModel);
  CHECK(evidence.commands[3].output == test::kFakeSerial);
  // The method query and the key login.
  REQUIRE(evidence.attempts.size() == 2);
  CHECK(evidence.attempts[0].method == "none");
  CHECK(evidence.attempts[0].detail.find("publickey") != std::string::npos);
  CHECK(evidence.attempts[1].method == "publickey");
  CHECK(evidence.attempts[1].outcome == AttemptOutcome::accepted);
  CHECK(evidence.connections == 1);
  CHECK(sshd.count_log("Accepted publickey for root") == 1);
}

TEST_CASE("a wrong pin stops before any credential is sent") {
  Sshd sshd;
  CollectRequest request = request_for(sshd, generic_linux());
  request.device.host_keys = {"SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"};
  request.probes = {password_probe("p1", "calvin"), password_probe("p2", "")};
  const DeviceEvidence evidence = collect_device(request);
  CHECK_FALSE(evidence.host_key_matches_pin);
  CHECK(evidence.host_key_fingerprint == sshd.host_fingerprint());
  CHECK(evidence.commands.empty());
  REQUIRE(evidence.attempts.size() == 2);
  for (const auto& attempt : evidence.attempts) {
    CHECK(attempt.outcome == AttemptOutcome::not_tried);
    CHECK(attempt.detail == "not attempted: host key does not match the pin");
  }
  // sshd logs every authentication request at DEBUG1: there must be none.
  CHECK(sshd.count_log("userauth-request for user") == 0);
}

TEST_CASE("an empty pin is a mismatch too") {
  Sshd sshd;
  CollectRequest request = request_for(sshd, generic_linux());
  request.device.host_keys.clear();
  const DeviceEvidence evidence = collect_device(request);
  CHECK_FALSE(evidence.host_key_matches_pin);
  CHECK(evidence.host_key_fingerprint == sshd.host_fingerprint());
  CHECK(sshd.count_log("userauth-request for user") == 0);
}

TEST_CASE("password probes are rejected, counted and never exceed the budget") {
  Sshd sshd;
  CollectRequest request = request_for(sshd, generic_linux());
  request.attempt_budget = 4;
  request.max_auth_per_connection = 2;
  request.probes = {password_probe("p1", "calvin"), password_probe("p2", ""), password_probe("p3", "admin"),
                    password_probe("p4", "root")};
  const DeviceEvidence evidence = collect_device(request);
  CHECK_FALSE(evidence.login_error);
  REQUIRE(evidence.attempts.size() == 7);  // login's query + login + root's query + 4 probes
  // Budget 4: query + login on connection 1; connection 2 carries root's
  // "none" and one password (max 2 per connection); no room for another.
  CHECK(evidence.attempts[2].origin == AttemptOrigin::method_query);
  CHECK(evidence.attempts[2].detail == "server offers publickey,password to user root");
  CHECK(evidence.attempts[3].outcome == AttemptOutcome::rejected);
  CHECK(evidence.attempts[3].connection == 2);
  for (std::size_t i = 4; i < 7; ++i) {
    CHECK(evidence.attempts[i].outcome == AttemptOutcome::not_tried);
    CHECK(evidence.attempts[i].detail == "not tried: beyond the attempt budget of 4");
  }
  CHECK(sshd.count_log("Failed password for root") == 1);
  // Four requests on the wire, plus the signed half of the key login:
  // libssh2 asks "is this key acceptable?" then signs; only the query can
  // fail, so the pair is one attempt.
  CHECK(sshd.count_log("userauth-request for user") == 5);
  CHECK(sshd.count_log("Postponed publickey for root") == 1);
}

TEST_CASE("probes open a new connection, with its own query, before the per-connection limit") {
  Sshd sshd("MaxAuthTries 2\n");
  CollectRequest request = request_for(sshd, generic_linux());
  request.attempt_budget = 20;
  request.max_auth_per_connection = 2;  // none (free for sshd) + one password
  for (int i = 0; i < 5; ++i) request.probes.push_back(password_probe("p" + std::to_string(i), "guess"));
  const DeviceEvidence evidence = collect_device(request);
  CHECK(count(evidence, AttemptOutcome::rejected) == 11);  // login's query + 5 x (query + probe)
  CHECK(evidence.connections == 6);                        // login, then one per probe
  CHECK(evidence.attempts.back().connection == 6);
  CHECK(sshd.count_log("Failed password for root") == 5);
  CHECK(sshd.count_log("maximum authentication attempts exceeded") == 0);
}

TEST_CASE("a none probe is one request and is rejected by sshd") {
  Sshd sshd;
  CollectRequest request = request_for(sshd, generic_linux());
  request.probes = {CredentialProbe{AttemptOrigin::factory_default, "blank", "admin", true, ""}};
  const DeviceEvidence evidence = collect_device(request);
  REQUIRE(evidence.attempts.size() == 3);
  CHECK(evidence.attempts[2].method == "none");
  CHECK(evidence.attempts[2].outcome == AttemptOutcome::rejected);
  CHECK(evidence.attempts[2].connection == 2);
}

TEST_CASE("a server that drops the connection mid-probe costs an attempt and a reconnect") {
  Sshd sshd("MaxAuthTries 2\n");
  CollectRequest request = request_for(sshd, generic_linux());
  request.attempt_budget = 10;
  request.max_auth_per_connection = 3;  // more than the server allows
  request.probes = {password_probe("p1", "a"), password_probe("p2", "b"), password_probe("p3", "c"),
                    password_probe("p4", "d")};
  const DeviceEvidence evidence = collect_device(request);
  // connection 1: root's query, p1 (the login user's own candidate goes
  // before the login), the login; connection 2: query, p2, p3 (sshd hangs
  // up at the second failure); connection 3: query, p4.
  REQUIRE(evidence.attempts.size() == 8);
  CHECK(evidence.attempts[1].credential_id == "p1");
  CHECK(evidence.attempts[1].outcome == AttemptOutcome::rejected);
  CHECK(evidence.attempts[1].connection == 1);
  CHECK(evidence.attempts[2].origin == AttemptOrigin::login);
  CHECK(evidence.attempts[2].outcome == AttemptOutcome::accepted);
  CHECK(evidence.attempts[4].outcome == AttemptOutcome::rejected);
  CHECK(evidence.attempts[5].outcome == AttemptOutcome::error);  // "Too many authentication failures"
  CHECK(evidence.attempts[6].origin == AttemptOrigin::method_query);
  CHECK(evidence.attempts[7].outcome == AttemptOutcome::rejected);
  CHECK(evidence.attempts[7].connection == 3);
  CHECK(sshd.count_log("Accepted publickey for root") == 1);
  CHECK(sshd.count_log("Failed password for root") == 4);
}

TEST_CASE("a candidate of the login user goes before the login on its connection, saving a handshake") {
  Sshd sshd;
  CollectRequest request = request_for(sshd, generic_linux());
  request.probes = {password_probe("p1", "calvin")};
  const DeviceEvidence evidence = collect_device(request);
  REQUIRE(evidence.attempts.size() == 3);  // query, p1, login: one connection
  CHECK(evidence.attempts[1].credential_id == "p1");
  CHECK(evidence.attempts[1].outcome == AttemptOutcome::rejected);
  CHECK(evidence.attempts[2].outcome == AttemptOutcome::accepted);
  CHECK(evidence.connections == 1);
  CHECK_FALSE(evidence.login_error);
  CHECK(evidence.commands.size() == 4);
}

TEST_CASE("a failed login is recorded and the probes still run") {
  Sshd sshd;
  CollectRequest request = request_for(sshd, generic_linux());
  request.login = LoginCredential{"site-pw", "root", std::string("not-the-password"), std::nullopt, std::nullopt};
  request.probes = {password_probe("p1", "calvin")};
  const DeviceEvidence evidence = collect_device(request);
  REQUIRE(evidence.login_error);
  CHECK(evidence.login_error->kind == ErrorKind::auth);
  CHECK(evidence.login_error->message ==
        "login as root with credential 'site-pw' refused (methods offered: publickey,password)");
  CHECK(evidence.commands.empty());
  REQUIRE(evidence.attempts.size() == 3);  // query, p1 (root's own, before the login), login
  CHECK(evidence.attempts[1].outcome == AttemptOutcome::rejected);
  CHECK(evidence.attempts[2].origin == AttemptOrigin::login);
  CHECK_FALSE(mentions(evidence, "not-the-password"));
  CHECK_FALSE(mentions(evidence, "calvin"));
}

TEST_CASE("command failures are recorded per command and later commands still run") {
  Sshd sshd;
  Profile profile = generic_linux();
  profile.commands = {"exit 3", "head -c 2000000 /dev/zero", "sleep 5", "echo after"};
  CollectRequest request = request_for(sshd, profile);
  request.device.timeouts.command = Millis(1000);
  const DeviceEvidence evidence = collect_device(request);
  REQUIRE(evidence.commands.size() == 4);
  REQUIRE(evidence.commands[0].error);
  CHECK(evidence.commands[0].error->message.find("exited with status 3") != std::string::npos);
  REQUIRE(evidence.commands[1].error);
  CHECK(evidence.commands[1].error->message == "output exceeds 1 MiB cap");
  CHECK(evidence.commands[1].size <= kMaxCommandOutput);
  REQUIRE(evidence.commands[2].error);
  CHECK(evidence.commands[2].error->kind == ErrorKind::timeout);
  CHECK_FALSE(evidence.commands[3].error);
  CHECK(evidence.commands[3].output == "after\n");
}

TEST_CASE("the device's total deadline bounds everything after it") {
  Sshd sshd;
  Profile profile = generic_linux();
  profile.commands = {"sleep 10", "echo never"};
  CollectRequest request = request_for(sshd, profile);
  request.device.timeouts.total = Millis(2500);
  request.device.timeouts.command = Millis(20000);
  request.probes = {CredentialProbe{AttemptOrigin::factory_default, "p1", "admin", false, "calvin"}};
  const auto start = std::chrono::steady_clock::now();
  const DeviceEvidence evidence = collect_device(request);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(2500 + 2000));
  REQUIRE(evidence.commands.size() == 2);
  REQUIRE(evidence.commands[0].error);
  CHECK(evidence.commands[0].error->kind == ErrorKind::timeout);
  REQUIRE(evidence.commands[1].error);
  CHECK(evidence.commands[1].error->message == "not run: device deadline of 2500 ms spent");
  REQUIRE(evidence.attempts.size() == 3);
  CHECK(evidence.attempts[2].outcome == AttemptOutcome::not_tried);
  CHECK(evidence.attempts[2].detail == "not tried: device deadline of 2500 ms spent");
}

TEST_CASE("many devices can be collected at once from different threads") {
  Sshd sshd;
  const CollectRequest request = request_for(sshd, generic_linux());
  std::vector<DeviceEvidence> results(6);
  std::vector<std::thread> threads;
  for (auto& result : results) threads.emplace_back([&] { result = collect_device(request); });
  for (auto& thread : threads) thread.join();
  for (const auto& evidence : results) {
    CHECK_FALSE(evidence.login_error);
    REQUIRE(evidence.commands.size() == 4);
    CHECK(evidence.commands[3].output == test::kFakeSerial);
  }
}

TEST_CASE("shell mode learns the prompt and frames each command") {
  Sshd sshd;
  Profile profile = generic_linux();
  profile.mode = ChannelMode::shell;
  profile.setup_commands = {"stty -onlcr"};
  profile.commands = {"echo one", "printf 'a\\nb\\n'", "true"};
  const DeviceEvidence evidence = collect_device(request_for(sshd, profile));
  INFO((evidence.session_error ? evidence.session_error->message : ""));
  CHECK_FALSE(evidence.session_error);
  REQUIRE(evidence.commands.size() == 3);
  CHECK(evidence.commands[0].output == "one\n");
  CHECK(evidence.commands[1].output == "a\nb\n");
  CHECK(evidence.commands[2].output.empty());
}

TEST_CASE("shell mode escapes a Unix shell and learns the CLI prompt") {
  Sshd sshd("SetEnv PROMPT=root@r1%\n");
  Profile profile = generic_linux();
  profile.mode = ChannelMode::shell;
  profile.unix_prompt_chars = "%";
  profile.unix_shell_escape = "PS1='cli> ' exec /bin/sh -i";
  profile.commands = {"echo junos"};
  const DeviceEvidence evidence = collect_device(request_for(sshd, profile));
  CHECK_FALSE(evidence.session_error);
  REQUIRE(evidence.commands.size() == 1);
  CHECK(evidence.commands[0].output == "junos\n");
}

TEST_CASE("fetch_host_key returns what ssh-keygen prints for the host key") {
  Sshd sshd;
  auto key = fetch_host_key("127.0.0.1", sshd.port(), Millis(5000));
  REQUIRE(key);
  CHECK(key->type == "ssh-ed25519");
  CHECK(key->fingerprint == sshd.host_fingerprint());
  CHECK(sshd.count_log("userauth-request for user") == 0);
}

TEST_CASE("a server that never sends a banner times out at the connect deadline") {
  SilentListener listener;
  CollectRequest request;
  request.device.address = "127.0.0.1";
  request.device.port = listener.port;
  request.device.timeouts.connect = Millis(1000);
  request.profile = &generic_linux();
  request.probes = {password_probe("p1", "x")};
  const auto start = std::chrono::steady_clock::now();
  const DeviceEvidence evidence = collect_device(request);
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(took < std::chrono::milliseconds(1000 + 2000));
  REQUIRE(evidence.connect_error);
  CHECK(evidence.connect_error->kind == ErrorKind::timeout);
  CHECK(evidence.connect_error->message.find("timed out after 1000 ms") != std::string::npos);
  REQUIRE(evidence.attempts.size() == 1);
  CHECK(evidence.attempts[0].outcome == AttemptOutcome::not_tried);
  CHECK(evidence.attempts[0].detail == "device unreachable");

  auto key = fetch_host_key("127.0.0.1", listener.port, Millis(500));
  REQUIRE_FALSE(key);
  CHECK(key.error().kind == ErrorKind::timeout);
}

TEST_CASE("a closed port is refused") {
  CollectRequest request;
  request.device.address = "127.0.0.1";
  request.device.port = test::free_port();
  request.profile = &generic_linux();
  const DeviceEvidence evidence = collect_device(request);
  REQUIRE(evidence.connect_error);
  CHECK(evidence.connect_error->kind == ErrorKind::refused);
  CHECK(evidence.connections == 0);
}

