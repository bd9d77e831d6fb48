#include <doctest/doctest.h>

#include <libssh2.h>

#include <string>

#include "attest/ssh/host_key.hpp"
#include "attest/util/encoding.hpp"
#include "attest/util/files.hpp"

using namespace attest::ssh;

namespace {

std::string ssh_string(const std::string& s) {
  std::string out;
  const auto n = static_cast<std::uint32_t>(s.size());
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((n >> shift) & 0xff);
  return out + s;
}

}  // namespace

TEST_CASE("the key type is read from the blob's leading string") {
  CHECK(key_type_from_blob(ssh_string("ssh-ed25519") + ssh_string(std::string(32, 'k'))) == "ssh-ed25519");
  CHECK(key_type_from_blob(ssh_string("ecdsa-sha2-nistp256") + ssh_string("nistp256")) == "ecdsa-sha2-nistp256");
}

TEST_CASE("a truncated or absurd blob has no type") {
  CHECK(key_type_from_blob("").empty());
  CHECK(key_type_from_blob(std::string("\0\0\0\x0bssh", 7)).empty());
  CHECK(key_type_from_blob(std::string("\xff\xff\xff\xff", 4) + "x").empty());
}

TEST_CASE("libssh2 host key codes map to OpenSSH names") {
  CHECK(key_type_from_libssh2(LIBSSH2_HOSTKEY_TYPE_ED25519) == "ssh-ed25519");
  CHECK(key_type_from_libssh2(LIBSSH2_HOSTKEY_TYPE_RSA) == "ssh-rsa");
  CHECK(key_type_from_libssh2(LIBSSH2_HOSTKEY_TYPE_ECDSA_384) == "ecdsa-sha2-nistp384");
  CHECK(key_type_from_libssh2(99) == "unknown");
}

TEST_CASE("an empty pin never matches and the comparison is exact") {
  const std::string fp = "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s";
  CHECK(fingerprint_matches_pin(fp, {fp}));
  CHECK_FALSE(fingerprint_matches_pin(fp, {""}));
  CHECK_FALSE(fingerprint_matches_pin("", {""}));
  CHECK_FALSE(fingerprint_matches_pin("", {}));
  CHECK_FALSE(fingerprint_matches_pin(fp, {"SHA256:UNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s"}));
}

TEST_CASE("with several pins, any one matches, and the match says which") {
  const std::string old_key = "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s";
  const std::string new_key = "SHA256:z6CPURKL6/Egcn4Cq15wm3+XsOsZvNx9o/h8zn0kTyY";
  CHECK(matching_pin(new_key, {old_key, new_key}) == std::optional<std::size_t>(1));
  CHECK(matching_pin(old_key, {old_key, new_key}) == std::optional<std::size_t>(0));
  CHECK_FALSE(matching_pin("SHA256:other", {old_key, new_key}).has_value());
}

namespace {

// The key blob of an OpenSSH .pub file ("type base64 comment") under
// tests/fixtures/ssh/keys, made by ssh-keygen (see capture.sh).
std::string pub_blob(const std::string& name) {
  auto text = attest::read_file(std::string(ATTEST_SOURCE_DIR) + "/tests/fixtures/ssh/keys/" + name);
  REQUIRE(text.ok());
  const auto start = text->find(' ') + 1;
  const auto end = text->find_first_of(" \n", start);
  auto blob = attest::base64_decode(text->substr(start, end - start));
  REQUIRE(blob.ok());
  return std::string(blob->begin(), blob->end());
}

HostKeyStrength info_of(const std::string& blob) {
  auto info = host_key_strength(blob);
  REQUIRE_MESSAGE(info.ok(), info.error().message);
  return *info;
}

}  // namespace

TEST_CASE("host key sizes are read from ssh-keygen keys of every type") {
  CHECK(info_of(pub_blob("rsa.pub")).bits == 3072);
  CHECK(info_of(pub_blob("rsa.pub")).type == "ssh-rsa");
  CHECK(info_of(pub_blob("rsa1024.pub")).bits == 1024);
  CHECK(info_of(pub_blob("dsa1024.pub")).bits == 1024);
  CHECK(info_of(pub_blob("dsa1024.pub")).type == "ssh-dss");
  CHECK(info_of(pub_blob("ecdsa256.pub")).bits == 256);
  CHECK(info_of(pub_blob("ecdsa384.pub")).bits == 384);
  CHECK(info_of(pub_blob("ecdsa521.pub")).bits == 521);
  CHECK(info_of(pub_blob("ed25519.pub")).bits == 256);
}

TEST_CASE("an Ed448 key is 456 bits and an RSA modulus's sign byte does not count") {
  CHECK(info_of(ssh_string("ssh-ed448") + ssh_string(std::string(57, 'k'))).bits == 456);
  // e = 65537, n = 0x00 0x80 ...: the leading zero keeps the mpint positive.
  const std::string n = std::string(1, '\0') + std::string(1, '\x80') + std::string(255, '\x01');
  CHECK(info_of(ssh_string("ssh-rsa") + ssh_string("\x01\x00\x01") + ssh_string(n)).bits == 2048);
}

TEST_CASE("damaged or unknown host key blobs are errors") {
  CHECK_FALSE(host_key_strength("").ok());
  CHECK_FALSE(host_key_strength(ssh_string("ssh-rsa") + ssh_string("\x01\x00\x01")).ok());
  CHECK_FALSE(host_key_strength(ssh_string("ssh-rsa") + ssh_string("\x01\x00\x01") + ssh_string("")).ok());
  CHECK_FALSE(host_key_strength(ssh_string("ecdsa-sha2-nistp256") + ssh_string("nistp384") + ssh_string("Q")).ok());
  CHECK_FALSE(host_key_strength(ssh_string("ecdsa-sha2-nistk163") + ssh_string("nistk163")).ok());
  auto unknown = host_key_strength(ssh_string("ssh-rsa-cert-v01@openssh.com") + ssh_string("x"));
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().message == "host key ssh-rsa-cert-v01@openssh.com: unsupported key type");
}
