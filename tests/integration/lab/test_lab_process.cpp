// attest-lab end to end: spawned as a process, driven over real SSH.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "lab_fixture.hpp"
#include "ssh2_client.hpp"

using labtest::LabProcess;
using labtest::Ssh2Client;
using namespace std::chrono_literals;

namespace {

std::string device(const std::string& name, const std::string& profile, const std::string& address,
                   const std::string& extra = "") {
  return R"({"name":")" + name + R"(","profile":")" + profile + R"(","listen":")" + address + R"(:0",)"
         R"("facts":{"vendor":"Arista","model":"DCS-7050SX3-48YC8","serial":"SER-)" + name +
         R"(","version":"4.30.1F"},)"
         R"("accounts":[{"username":"netops","password":"s3cret"},{"username":"admin","auth":"none"},)"
         R"({"username":"svc","authorized_key":"id_svc.pub"}],"max_auth_per_connection":3)" + extra + "}";
}

std::string spec(const std::string& devices) { return R"({"schema":"attest.lab/v1","devices":[)" + devices + "]}"; }

struct Target {
  std::string address;
  std::uint16_t port;
};

Target target(const LabProcess& lab, const std::string& name) {
  for (const auto& d : lab.ready()["devices"]) {
    if (d["name"] == name) return {d["address"], d["port"].get<std::uint16_t>()};
  }
  FAIL("no device " << name << " in the ready file");
  return {};
}

bool connect(Ssh2Client& c, const LabProcess& lab, const std::string& name, long timeout_ms = 3000) {
  const auto t = target(lab, name);
  return c.connect(t.address, t.port, timeout_ms);
}

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

// Connects and logs in as netops, or fails the test.
void log_in(Ssh2Client& c, const LabProcess& lab, const std::string& name) {
  REQUIRE(connect(c, lab, name));
  REQUIRE(c.try_password("netops", "s3cret"));
}

}  // namespace

TEST_CASE("a libssh2 client logs in with a password, runs a command and the counters follow") {
  LabProcess lab(spec(device("eos1", "arista-eos", "127.78.1.2")));
  {
    Ssh2Client c;
    REQUIRE(connect(c, lab, "eos1"));
    CHECK(c.host_key_fingerprint() == lab.fingerprint("eos1"));
    CHECK_FALSE(c.try_none("netops"));
    REQUIRE(c.try_password("netops", "s3cret"));
    const auto r = c.exec("show version | json");
    REQUIRE(r.ok);
    CHECK(r.exit_status == 0);
    CHECK(has(r.out, "\"serialNumber\": \"SER-eos1\""));
    const auto bad = c.exec("show bogus");
    CHECK(bad.exit_status == 127);
    CHECK_FALSE(bad.err.empty());
  }
  std::chrono::milliseconds took{};
  CHECK(lab.terminate(2s, &took) == 0);
  CHECK(took < 2s);
  const auto s = lab.stats()["devices"]["eos1"];
  CHECK(s["connections"] == 1);
  CHECK(s["auth_attempts"] == 2);
  CHECK(s["auth_accepted"] == 1);
  CHECK(s["max_auth_attempts_in_one_connection"] == 2);
  CHECK(s["commands"] == 2);
}

TEST_CASE("none authentication lets a factory-default account in") {
  LabProcess lab(spec(device("eos1", "arista-eos", "127.78.1.2")));
  Ssh2Client c;
  REQUIRE(connect(c, lab, "eos1"));
  CHECK(c.try_none("admin"));
  CHECK(c.exec("show version | json").exit_status == 0);
}

TEST_CASE("after max_auth_per_connection failures the device hangs up") {
  LabProcess lab(spec(device("eos1", "arista-eos", "127.78.1.2")));
  {
    Ssh2Client c;
    REQUIRE(connect(c, lab, "eos1"));
    CHECK_FALSE(c.try_password("netops", "wrong1"));
    CHECK_FALSE(c.try_password("netops", "wrong2"));
    CHECK_FALSE(c.try_password("netops", "wrong3"));
    CHECK_FALSE(c.try_password("netops", "s3cret"));  // too late: disconnected
  }
  CHECK(lab.terminate(2s) == 0);
  const auto s = lab.stats()["devices"]["eos1"];
  CHECK(s["auth_attempts"] == 3);
  CHECK(s["auth_accepted"] == 0);
  CHECK(s["max_auth_attempts_in_one_connection"] == 3);
}

TEST_CASE("keyboard-interactive checks the password and counts as one attempt per request") {
  LabProcess lab(spec(device("eos1", "arista-eos", "127.78.1.2")));
  {
    Ssh2Client c;
    REQUIRE(connect(c, lab, "eos1"));
    CHECK_FALSE(c.try_keyboard_interactive("netops", "nope"));
    CHECK(c.try_keyboard_interactive("netops", "s3cret"));
    CHECK(c.exec("showserial").exit_status == 127);
  }
  CHECK(lab.terminate(2s) == 0);
  const auto s = lab.stats()["devices"]["eos1"];
  CHECK(s["auth_attempts"] == 2);
  CHECK(s["auth_accepted"] == 1);
}

TEST_CASE("the stats file is rewritten on SIGUSR1, not after every connection") {
  LabProcess lab(spec(device("eos1", "arista-eos", "127.78.1.2")));
  {
    Ssh2Client c;
    REQUIRE(connect(c, lab, "eos1"));
    CHECK(c.try_password("netops", "s3cret"));
  }
  std::this_thread::sleep_for(100ms);
  CHECK(lab.stats_file()["devices"]["eos1"]["connections"] == 0);  // as written at start
  const auto s = lab.stats();
  CHECK(s["devices"]["eos1"]["connections"] == 1);
  CHECK(s["devices"]["eos1"]["auth_accepted"] == 1);
  CHECK(s["handshakes"]["accepted"] == 1);
}

TEST_CASE("the lab counts connections open at once per device and handshakes per second") {
  LabProcess lab(spec(device("eos1", "arista-eos", "127.78.1.2") + "," + device("eos2", "arista-eos", "127.78.1.3")));
  {
    Ssh2Client a, b, c;
    REQUIRE(connect(a, lab, "eos1"));
    REQUIRE(connect(b, lab, "eos1"));
    REQUIRE(connect(c, lab, "eos1"));
    Ssh2Client other;
    REQUIRE(connect(other, lab, "eos2"));
  }
  Ssh2Client later;
  REQUIRE(connect(later, lab, "eos1"));
  const auto s = lab.stats();
  CHECK(s["devices"]["eos1"]["connections"] == 4);
  CHECK(s["devices"]["eos1"]["max_concurrent_connections"] == 3);
  CHECK(s["devices"]["eos2"]["max_concurrent_connections"] == 1);
  CHECK(s["handshakes"]["accepted"] == 5);
  CHECK(s["handshakes"]["max_accepted_per_second"] >= 4);  // well within a second
  CHECK(s["handshakes"]["max_accepted_per_second"] <= 5);
}

TEST_CASE("OpenSSH logs in with an authorized key and runs an exec command") {
  LabProcess lab(spec(device("og1", "opengear", "127.78.1.4")));
  const auto t = target(lab, "og1");
  const std::string cmd = "ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes "
                          "-o IdentitiesOnly=yes -o LogLevel=ERROR -i " + lab.dir() + "/id_svc -p " +
                          std::to_string(t.port) + " svc@" + t.address + " showserial 2>&1";
  const auto r = labtest::run_command(cmd);
  CHECK(r.exit_code == 0);
  CHECK(r.text == "SER-og1\n");
  CHECK(lab.terminate(2s) == 0);
  // none (rejected) + signed publickey; the unsigned probe does not count.
  CHECK(lab.stats()["devices"]["og1"]["auth_attempts"] == 2);
}

TEST_CASE("a shell-only device refuses exec but serves a paged shell") {
  LabProcess lab(spec(device("ios1", "cisco-iosxe", "127.78.1.3")));
  Ssh2Client c;
  REQUIRE(connect(c, lab, "ios1"));
  REQUIRE(c.try_password("netops", "s3cret"));
  CHECK(c.exec("show version").exec_refused);
  const auto screen = c.shell("terminal length 0\rshow version\r", "Configuration register is 0x102");
  CHECK(has(screen, "ios1#terminal length 0\r\n"));
  CHECK(has(screen, "System Serial Number               : SER-ios1"));
  CHECK_FALSE(has(screen, "--More--"));
}

TEST_CASE("fault refuse closes before the SSH banner and hang never answers") {
  LabProcess lab(spec(device("r", "arista-eos", "127.78.1.10", R"(,"fault":"refuse")") + "," +
                      device("h", "arista-eos", "127.78.1.11", R"(,"fault":"hang")")));
  Ssh2Client refused;
  CHECK_FALSE(connect(refused, lab, "r"));
  Ssh2Client hung;
  const auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(connect(hung, lab, "h", 300));
  CHECK(std::chrono::steady_clock::now() - start >= 250ms);
  CHECK(lab.terminate(2s) == 0);
  CHECK(lab.stats()["devices"]["h"]["connections"] == 1);
}

TEST_CASE("fault drop-mid-command cuts the output short") {
  LabProcess lab(spec(device("d", "arista-eos", "127.78.1.12", R"(,"fault":"drop-mid-command")")));
  Ssh2Client c;
  REQUIRE(connect(c, lab, "d"));
  REQUIRE(c.try_password("netops", "s3cret"));
  const auto r = c.exec("show version | json");
  CHECK_FALSE(r.ok);
  CHECK_FALSE(has(r.out, "isIntlVersion"));
}

TEST_CASE("fault garbage answers with junk, flood never ends, silent never answers") {
  LabProcess lab(spec(device("g", "arista-eos", "127.78.1.13", R"(,"fault":"garbage")") + "," +
                      device("f", "arista-eos", "127.78.1.14", R"(,"fault":"flood")") + "," +
                      device("s", "arista-eos", "127.78.1.15", R"(,"fault":"silent")")));
  {
    Ssh2Client g;
    REQUIRE(connect(g, lab, "g"));
    REQUIRE(g.try_password("netops", "s3cret"));
    const auto r = g.exec("show version | json");
    CHECK(r.ok);
    CHECK_FALSE(r.out.empty());
    CHECK_FALSE(has(r.out, "modelName"));
  }
  Ssh2Client f;
  REQUIRE(connect(f, lab, "f"));
  REQUIRE(f.try_password("netops", "s3cret"));
  const auto flood = f.exec("show version | json", 2 << 20);
  CHECK(flood.out.size() >= (2u << 20));
  Ssh2Client s;
  REQUIRE(connect(s, lab, "s", 500));
  REQUIRE(s.try_password("netops", "s3cret"));
  const auto silent = s.exec("show version | json");
  CHECK_FALSE(silent.ok);
  CHECK(silent.out.empty());
  // The flooding and silent connections are still open: stop must not wait for them.
  std::chrono::milliseconds took{};
  CHECK(lab.terminate(2s, &took) == 0);
  CHECK(took < 1500ms);
}

TEST_CASE("latency_ms delays every answer") {
  LabProcess lab(spec(device("slow", "arista-eos", "127.78.1.16", R"(,"latency_ms":300)")));
  Ssh2Client c;
  REQUIRE(connect(c, lab, "slow"));
  REQUIRE(c.try_password("netops", "s3cret"));
  const auto start = std::chrono::steady_clock::now();
  CHECK(c.exec("show version | json").exit_status == 0);
  CHECK(std::chrono::steady_clock::now() - start >= 300ms);
}

TEST_CASE("a slow device never delays the others: latency is a timer, not a sleep") {
  LabProcess lab(spec(device("slow", "arista-eos", "127.78.1.17", R"(,"latency_ms":1000)") + "," +
                      device("fast", "arista-eos", "127.78.1.18")));
  Ssh2Client slow, fast;
  log_in(slow, lab, "slow");
  const auto start = std::chrono::steady_clock::now();
  labtest::ExecOutput slow_answer;
  std::thread waiting([&] { slow_answer = slow.exec("show version | json"); });
  std::this_thread::sleep_for(100ms);  // the slow device is now holding its answer back
  log_in(fast, lab, "fast");
  CHECK(fast.exec("show version | json").exit_status == 0);
  CHECK(std::chrono::steady_clock::now() - start < 700ms);
  waiting.join();
  CHECK(slow_answer.exit_status == 0);
  CHECK(std::chrono::steady_clock::now() - start >= 1000ms);
}

TEST_CASE("a shell answers lines typed ahead in order, each after the device's latency") {
  LabProcess lab(spec(device("ios1", "cisco-iosxe", "127.78.1.19", R"(,"latency_ms":150)")));
  Ssh2Client c;
  log_in(c, lab, "ios1");
  const auto start = std::chrono::steady_clock::now();
  const auto screen = c.shell("terminal length 0\rshow version\r", "Configuration register is 0x102");
  CHECK(std::chrono::steady_clock::now() - start >= 300ms);
  const auto first = screen.find("ios1#terminal length 0\r\n"), second = screen.find("System Serial Number");
  REQUIRE(first != std::string::npos);
  REQUIRE(second != std::string::npos);
  CHECK(first < second);
  CHECK_FALSE(has(screen, "--More--"));
}

namespace {

// A bare TCP connection (no SSH): each one the lab accepts holds one of its fds.
int tcp_connect(const Target& t) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(t.port);
  ::inet_pton(AF_INET, t.address.c_str(), &a.sin_addr);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  return fd;
}

}  // namespace

TEST_CASE("out of file descriptors the lab neither spins nor stops serving, and accepts again once some close") {
  LabProcess lab(spec(device("eos1", "arista-eos", "127.78.1.20")), "", 48);
  Ssh2Client early;
  log_in(early, lab, "eos1");
  std::vector<int> raw;
  for (int i = 0; i < 80; ++i) raw.push_back(tcp_connect(target(lab, "eos1")));  // more than the lab has fds
  for (int i = 0; i < 200 && !has(lab.log(), "out of file descriptors"); ++i) std::this_thread::sleep_for(10ms);
  REQUIRE(has(lab.log(), "out of file descriptors"));

  const long before = lab.cpu_ms();
  std::this_thread::sleep_for(1s);
  CHECK(lab.cpu_ms() - before < 100);  // a spinning accept loop burns the whole second
  const auto r = early.exec("show version | json");  // connections already in keep being served
  CHECK(r.exit_status == 0);
  CHECK(has(r.out, "SER-eos1"));

  for (int fd : raw) ::close(fd);
  Ssh2Client late;
  log_in(late, lab, "eos1");
  CHECK(late.exec("show version | json").exit_status == 0);
  std::chrono::milliseconds took{};
  CHECK(lab.terminate(2s, &took) == 0);
  const auto s = lab.stats()["devices"]["eos1"];
  CHECK(s["max_concurrent_connections"] > 20);
  CHECK(s["max_concurrent_connections"] < 48);
  CHECK(s["connections"] == 82);
}

TEST_CASE("500 devices sharing one host key are served by a lab of two threads") {
  std::string devices;
  for (int i = 0; i < 500; ++i) {
    const std::string address = "127.79." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1);
    devices += (i > 0 ? "," : "") + device("d" + std::to_string(i), "arista-eos", address, R"(,"host_key":"keys/shared.key")");
  }
  LabProcess lab(spec(devices));
  CHECK(lab.threads() <= 3);  // main (signals) and the event loop; a sanitizer runtime may add one
  std::atomic<int> next{0}, served{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 16; ++t) {
    clients.emplace_back([&] {
      for (int i = next++; i < 500; i = next++) {
        Ssh2Client c;
        if (connect(c, lab, "d" + std::to_string(i)) && c.try_password("netops", "s3cret") &&
            has(c.exec("show version | json").out, "SER-d" + std::to_string(i) + "\"")) {
          ++served;
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  CHECK(served == 500);
  CHECK(lab.threads() <= 3);
  CHECK(lab.fingerprint("d0") == lab.fingerprint("d499"));
  const auto s = lab.stats();
  int once = 0;
  for (const auto& [name, d] : s["devices"].items()) once += d["connections"] == 1 && d["commands"] == 1 ? 1 : 0;
  CHECK(once == 500);
  CHECK(s["handshakes"]["accepted"] == 500);
}

TEST_CASE("a missing host key is generated once (0600) and reused by the next run") {
  const std::string dir = labtest::make_temp_dir();
  std::string first;
  {
    LabProcess lab(spec(device("eos1", "arista-eos", "127.78.1.2")), dir);
    first = lab.fingerprint("eos1");
    CHECK(first.rfind("SHA256:", 0) == 0);
    CHECK(has(labtest::run_command("ssh-keygen -lf " + dir + "/keys/eos1.key").text, first));
    CHECK(labtest::run_command("stat -c %a " + dir + "/keys/eos1.key").text == "600\n");
    CHECK(lab.terminate(2s) == 0);
  }
  {
    LabProcess again(spec(device("eos1", "arista-eos", "127.78.1.2")), dir);
    CHECK(again.fingerprint("eos1") == first);
    CHECK(again.terminate(2s) == 0);
  }
  labtest::run_command("rm -rf " + dir);
}

TEST_CASE("a bad spec exits 2 with one line naming the file and the JSON pointer") {
  const auto r = labtest::run_lab_expecting_failure(spec(device("x", "arista-eos", "192.168.1.1")));
  CHECK(r.exit_code == 2);
  CHECK(has(r.text, "lab.json: /devices/0/listen: address 192.168.1.1 is outside 127.0.0.0/8"));
  CHECK(std::count(r.text.begin(), r.text.end(), '\n') == 1);
}
