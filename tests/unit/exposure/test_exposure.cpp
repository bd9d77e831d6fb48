// The exposure probes against real sockets on 127.0.0.1 (listening,
// answering, closed, silent), the datagrams they send, and the finding.
// Filtered endpoints (a dropped SYN) need a firewall: tests/integration/exposure.
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "attest/exposure/exposure.hpp"

using namespace attest;
using namespace attest::exposure;

namespace {

// A socket of `type` bound to 127.0.0.1 on a free port (listening, for TCP).
struct LocalSocket {
  int fd = -1;
  std::uint16_t port = 0;
  explicit LocalSocket(int type) {
    fd = ::socket(AF_INET, type | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0);
    socklen_t len = sizeof(a);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
    if (type == SOCK_STREAM) REQUIRE(::listen(fd, 4) == 0);
  }
  ~LocalSocket() { if (fd >= 0) ::close(fd); }
  void close_now() { ::close(fd); fd = -1; }
};

ProbeOptions quick() {
  ProbeOptions o;
  o.connect_timeout = Millis(1000);
  o.udp_timeout = Millis(300);
  return o;
}

}  // namespace

TEST_CASE("a listening TCP port is reachable; an SSH server's banner is read, nothing is sent") {
  LocalSocket server(SOCK_STREAM);
  std::atomic<long> received{-1};
  std::thread ssh([&] {
    const int c = ::accept(server.fd, nullptr, nullptr);
    const char banner[] = "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n";
    ::send(c, banner, sizeof(banner) - 1, 0);
    char buf[64];
    received = ::recv(c, buf, sizeof(buf), 0);  // 0: the prober closed without writing
    ::close(c);
  });
  const auto r = probe_endpoint("127.0.0.1", {"ssh", Protocol::tcp, server.port}, quick());
  ssh.join();
  CHECK(r.reach == Reach::reachable);
  CHECK(r.detail == "TCP handshake completed, banner 'SSH-2.0-OpenSSH_9.2p1 Debian-2'");
  CHECK(r.source_address == "127.0.0.1");
  CHECK(received == 0);
}

TEST_CASE("a closed TCP port is refused (RST) within the deadline") {
  LocalSocket s(SOCK_STREAM);
  const std::uint16_t port = s.port;
  s.close_now();
  const auto r = probe_endpoint("127.0.0.1", {"telnet", Protocol::tcp, port}, quick());
  CHECK(r.reach == Reach::refused);
  CHECK(r.elapsed_ms < 1000);
}

TEST_CASE("UDP: an answer is reachable, a closed port is refused, a service that drops the request is silent") {
  LocalSocket answering(SOCK_DGRAM);
  std::thread echo([&] {
    std::uint8_t buf[1500];
    sockaddr_in from{};
    socklen_t len = sizeof(from);
    const ssize_t n = ::recvfrom(answering.fd, buf, sizeof(buf), 0, reinterpret_cast<sockaddr*>(&from), &len);
    if (n > 0) ::sendto(answering.fd, buf, static_cast<std::size_t>(n), 0, reinterpret_cast<sockaddr*>(&from), len);
  });
  const auto answered = probe_endpoint("127.0.0.1", {"ipmi", Protocol::udp, answering.port}, quick());
  echo.join();
  CHECK(answered.reach == Reach::reachable);
  CHECK(answered.detail == "answered Get Channel Authentication Capabilities");

  LocalSocket closed(SOCK_DGRAM);
  const std::uint16_t closed_port = closed.port;
  closed.close_now();
  CHECK(probe_endpoint("127.0.0.1", {"snmp", Protocol::udp, closed_port}, quick()).reach == Reach::refused);

  LocalSocket silent(SOCK_DGRAM);  // bound, never reads: an agent ignoring a wrong community
  const auto quiet = probe_endpoint("127.0.0.1", {"snmp", Protocol::udp, silent.port}, quick());
  CHECK(quiet.reach == Reach::silent);
  CHECK(quiet.detail == "no answer in 300 ms");
}

TEST_CASE("probes bind to --source-address, which must be this host's") {
  CHECK(check_source_address("127.0.0.1").ok());
  const auto absent = check_source_address("192.0.2.7");  // TEST-NET-1: never configured here
  REQUIRE_FALSE(absent.ok());
  CHECK(absent.error().message == "--source-address 192.0.2.7 is not an address of this host");
  CHECK(check_source_address("corp-vpn").error().message.find("is not a numeric IP address") != std::string::npos);
  LocalSocket server(SOCK_STREAM);
  ProbeOptions o = quick();
  o.source_address = "127.0.0.1";
  CHECK(probe_endpoint("127.0.0.1", {"https", Protocol::tcp, server.port}, o).reach == Reach::reachable);
  o.source_address = "192.0.2.7";
  const auto unbound = probe_endpoint("127.0.0.1", {"https", Protocol::tcp, server.port}, o);
  CHECK(unbound.reach == Reach::error);
  CHECK(unbound.detail.find("cannot bind to source address 192.0.2.7") == 0);
  o.source_address = "::1";
  CHECK(probe_endpoint("127.0.0.1", {"https", Protocol::tcp, server.port}, o).detail ==
        "cannot bind to source address ::1: an IPv6 address, the device's is IPv4");
  CHECK(probe_endpoint("db.example", {"ssh", Protocol::tcp, 22}, quick()).reach == Reach::error);
}

TEST_CASE("the probes' datagrams carry no secret and are well formed") {
  const auto snmp = snmp_get_sysdescr_public(0x01020304);
  REQUIRE(snmp.size() == 43);
  CHECK(snmp[0] == 0x30);
  CHECK(snmp[1] == snmp.size() - 2);                            // SEQUENCE length
  CHECK(std::string(snmp.begin() + 7, snmp.begin() + 13) == "public");  // the only community it ever sends
  CHECK(snmp[13] == 0xa0);                                      // GetRequest-PDU
  CHECK(snmp[14] == snmp.size() - 15);
  const auto ipmi = ipmi_get_channel_auth_capabilities();
  REQUIRE(ipmi.size() == 23);
  const auto sum = [&](std::size_t from, std::size_t to) {
    unsigned s = 0;
    for (std::size_t i = from; i < to; ++i) s += ipmi[i];
    return s & 0xff;
  };
  CHECK(sum(14, 17) == 0);  // IPMI header checksum (IPMI 2.0, 13.8)
  CHECK(sum(17, 23) == 0);  // message checksum
  CHECK(ipmi[13] == 9);     // message length
}

TEST_CASE("every management endpoint of a device, each once") {
  Device d;
  d.port = 22;
  CHECK(management_endpoints(d) == std::vector<Endpoint>{{"ssh", Protocol::tcp, 22},
                                                        {"telnet", Protocol::tcp, 23},
                                                        {"http", Protocol::tcp, 80},
                                                        {"https", Protocol::tcp, 443},
                                                        {"snmp", Protocol::udp, 161},
                                                        {"ipmi", Protocol::udp, 623}});
  d.transport = Transport::redfish;
  d.port = 443;
  d.snmp_port = 1161;
  const auto bmc = management_endpoints(d);
  CHECK(bmc.size() == 5);  // its HTTPS port once
  CHECK(bmc[0] == Endpoint{"https", Protocol::tcp, 443});
  CHECK(bmc[3] == Endpoint{"snmp", Protocol::udp, 1161});
}

TEST_CASE("management-acl: fail names each reachable endpoint, pass lists how each was closed, error fails closed") {
  const std::vector<EndpointResult> closed = {{{"ssh", Protocol::tcp, 22}, Reach::refused, "", "", 1},
                                              {{"snmp", Protocol::udp, 161}, Reach::silent, "", "", 300}};
  const Finding pass = assess_exposure("corp-vpn", closed);
  CHECK(pass.check == "management-acl");
  CHECK(pass.status == CheckStatus::pass);
  CHECK(pass.detail == "no management endpoint reachable from vantage corp-vpn: ssh 22 refused, snmp udp 161 silent");
  auto open = closed;
  open[0].reach = Reach::reachable;
  open[0].detail = "TCP handshake completed";
  const Finding fail = assess_exposure("corp-vpn", open);
  CHECK(fail.status == CheckStatus::fail);
  CHECK(fail.detail == "ssh 22 reachable from vantage corp-vpn (TCP handshake completed): ACL not enforced");
  auto broken = closed;
  broken[1].reach = Reach::error;
  broken[1].detail = "socket: Too many open files";
  CHECK(assess_exposure("corp-vpn", broken).status == CheckStatus::error);
  CHECK(assess_exposure("corp-vpn", {}).status == CheckStatus::error);
}
