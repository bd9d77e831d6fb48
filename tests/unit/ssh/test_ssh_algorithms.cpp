#include <doctest/doctest.h>

#include "attest/ssh/algorithms.hpp"
#include "attest/ssh/kexinit.hpp"
#include "ssh_fixture.hpp"

using namespace attest;
using namespace attest::ssh;
using Names = std::vector<std::string>;

TEST_CASE("the client offer keeps libssh2's order and drops what the policy forbids") {
  const Names supported = {"curve25519-sha256", "diffie-hellman-group14-sha1", "diffie-hellman-group1-sha1",
                           "ecdh-sha2-nistp256"};
  CHECK(allowed_client_algorithms(supported, {"diffie-hellman-group1-sha1"}) ==
        Names{"curve25519-sha256", "diffie-hellman-group14-sha1", "ecdh-sha2-nistp256"});
  CHECK(allowed_client_algorithms(supported, {}) == supported);
  CHECK(allowed_client_algorithms({"3des-cbc"}, {"3des-cbc"}).empty());
  CHECK(join_name_list({"aes128-ctr", "aes256-ctr"}) == "aes128-ctr,aes256-ctr");
}

TEST_CASE("a weak-only server has nothing in common with what attest allows") {
  const auto weak = parse_server_hello(attest::testing::ssh_capture("openssh-9.2-weak-only.bin"));
  REQUIRE(weak.state() == HelloState::complete);
  const ClientAlgorithms allowed{{"curve25519-sha256", "diffie-hellman-group14-sha256"},
                                 {"ssh-ed25519", "rsa-sha2-256"},
                                 {"aes128-ctr"},
                                 {"hmac-sha2-256"}};
  const std::string why = no_common_algorithm(weak.hello().kexinit, allowed);
  CHECK(why.find("no key exchange offered by the server is allowed: diffie-hellman-group1-sha1") == 0);
  CHECK(why.find("no host key algorithm offered by the server is allowed: ssh-dss") != std::string::npos);
  CHECK(why.find("no cipher (server to client) offered by the server is allowed: 3des-cbc") != std::string::npos);
  CHECK(why.find("no MAC (client to server) offered by the server is allowed: hmac-md5") != std::string::npos);
}

TEST_CASE("stock OpenSSH shares an algorithm of every class with a libssh2 1.10 offer") {
  const auto stock = parse_server_hello(attest::testing::ssh_capture("openssh-9.2-debian12.bin"));
  REQUIRE(stock.state() == HelloState::complete);
  const ClientAlgorithms libssh2_110{{"curve25519-sha256", "ecdh-sha2-nistp256"},
                                     {"ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa"},
                                     {"aes128-ctr", "aes256-ctr"},
                                     {"hmac-sha2-256", "hmac-sha1"}};
  CHECK(no_common_algorithm(stock.hello().kexinit, libssh2_110).empty());
}

TEST_CASE("with an AEAD cipher chosen the MAC lists need not meet") {
  KexInitLists offered;
  offered.kex = {"curve25519-sha256"};
  offered.host_key = {"ssh-ed25519"};
  offered.cipher_c2s = offered.cipher_s2c = {"aes256-gcm@openssh.com"};
  offered.mac_c2s = offered.mac_s2c = {"hmac-sha2-256-etm@openssh.com"};
  ClientAlgorithms allowed{{"curve25519-sha256"}, {"ssh-ed25519"}, {"aes256-gcm@openssh.com"}, {"hmac-sha2-256"}};
  CHECK(no_common_algorithm(offered, allowed).empty());
  allowed.ciphers = {"aes256-ctr", "aes256-gcm@openssh.com"};
  offered.cipher_s2c = {"aes256-ctr"};
  CHECK(no_common_algorithm(offered, allowed) ==
        "no MAC (server to client) offered by the server is allowed: hmac-sha2-256-etm@openssh.com");
}
