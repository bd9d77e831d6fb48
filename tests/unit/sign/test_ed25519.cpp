#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>

#include "attest/sign/ed25519.hpp"

using namespace attest;
using namespace attest::sign;
namespace fs = std::filesystem;

TEST_CASE("the public key goes beside the private key") {
  CHECK(public_key_path_for("out/signing.key") == "out/signing.pub.pem");
  CHECK(public_key_path_for("k") == "k.pub.pem");
  CHECK(public_key_path_for(".key") == ".key.pub.pem");
}

TEST_CASE("keygen, sign, verify; a flipped bit anywhere fails") {
  const fs::path dir = fs::temp_directory_path() / ("attest-ed25519-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string key_path = (dir / "k.key").string();
  auto pub_path = generate_key_files(key_path);
  REQUIRE(pub_path);
  struct stat st {};
  REQUIRE(::stat(key_path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK_FALSE(generate_key_files(key_path));  // never overwrites a key

  auto priv = load_private_key(key_path);
  auto pub = load_public_key(*pub_path);
  REQUIRE(priv);
  REQUIRE(pub);
  CHECK(key_id(priv->get()) == key_id(pub->get()));
  CHECK(key_id(pub->get()).size() == 64);

  const std::string message = "report bytes";
  auto sig = attest::sign::sign(priv->get(), message);
  REQUIRE(sig);
  const std::string s(sig->begin(), sig->end());
  CHECK(verify(pub->get(), message, s));
  std::string flipped = s;
  flipped[10] = static_cast<char>(flipped[10] ^ 1);
  CHECK_FALSE(verify(pub->get(), message, flipped));
  CHECK_FALSE(verify(pub->get(), "report bytez", s));
  CHECK_FALSE(verify(pub->get(), message, s.substr(0, 63)));

  ::chmod(key_path.c_str(), 0640);
  auto loose = load_private_key(key_path);
  REQUIRE_FALSE(loose);
  CHECK(loose.error().message.find("chmod 600") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("only Ed25519 public keys are accepted") {
  const char* p256 =
      "-----BEGIN PUBLIC KEY-----\n"
      "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEt0M+2XlRkW8vSmAasRnQ2l7kFwTj\n"
      "4l0PS+QpqaxS7gpZB2ySAunFlRbGuy9nBqX/HCDq27wZeIWhFlrF5ZyJAw==\n"
      "-----END PUBLIC KEY-----\n";
  auto k = public_key_from_pem(p256, "p256.pem");
  if (!k) CHECK(k.error().message.find("p256.pem") != std::string::npos);
  CHECK_FALSE(k);
  CHECK_FALSE(public_key_from_pem("garbage", "g.pem"));
}
