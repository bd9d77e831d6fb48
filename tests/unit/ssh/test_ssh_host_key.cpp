#include <doctest/doctest.h>

#include <libssh2.h>

#include <string>

#include "attest/ssh/host_key.hpp"

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
  CHECK(fingerprint_matches_pin(fp, fp));
  CHECK_FALSE(fingerprint_matches_pin(fp, ""));
  CHECK_FALSE(fingerprint_matches_pin("", ""));
  CHECK_FALSE(fingerprint_matches_pin(fp, "SHA256:UNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s"));
}
