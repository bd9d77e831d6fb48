#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>

#include <openssl/pem.h>

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
  // A real P-256 key: it parses, and is refused for its type alone.
  EvpPkeyPtr p256(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  REQUIRE(p256);
  BioPtr bio(BIO_new(BIO_s_mem()));
  REQUIRE(PEM_write_bio_PUBKEY(bio.get(), p256.get()) == 1);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  auto k = public_key_from_pem(std::string_view(data, static_cast<std::size_t>(size)), "p256.pem");
  REQUIRE_FALSE(k);
  CHECK(k.error().message == "p256.pem: not an Ed25519 key (attest signs with Ed25519 only; see `attest keygen`)");
  auto g = public_key_from_pem("garbage", "g.pem");
  REQUIRE_FALSE(g);
  CHECK(g.error().message.find("g.pem: not a PEM public key") == 0);
}
