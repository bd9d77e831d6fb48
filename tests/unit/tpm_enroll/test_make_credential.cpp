#include <doctest/doctest.h>

#include "attest/tpm/enroll/credential.hpp"
#include "enroll_test_util.hpp"

namespace attest::tpm {
namespace {

using test::LabTpm;
using test::activate;
using test::lab_tpm;

}  // namespace

TEST_CASE("a credential made in software for an RSA EK is activated by the real TPM with the same secret") {
  const LabTpm& tpm = lab_tpm();
  const Bytes secret = fresh_secret();
  REQUIRE(secret.size() == 32);
  auto challenge = make_credential(test::read_bytes(tpm.file("ek.pub")), test::read_bytes(tpm.file("ak.name")), secret);
  REQUIRE_MESSAGE(challenge.ok(), (challenge.ok() ? "" : challenge.error().message));
  CHECK(challenge->encrypted_secret.size() == 2 + 256);   // RSA-2048 OAEP
  CHECK(challenge->credential_blob.size() == 2 + 2 + 32 + 2 + 32);  // TPM2B(HMAC) || CFB(TPM2B(secret))
  const auto activated = activate(tpm, *challenge, tpm.file("ek.ctx"), tpm.file("ak.ctx"));
  REQUIRE(activated.has_value());
  CHECK(secrets_equal(*activated, secret));
}

TEST_CASE("a credential made for another AK name is refused by the TPM") {
  const LabTpm& tpm = lab_tpm();
  const Bytes secret = fresh_secret();
  auto challenge = make_credential(test::read_bytes(tpm.file("ek.pub")), test::read_bytes(tpm.file("akrsa.name")), secret);
  REQUIRE(challenge.ok());
  CHECK_FALSE(activate(tpm, *challenge, tpm.file("ek.ctx"), tpm.file("ak.ctx")).has_value());
}

TEST_CASE("a credential made for another TPM's EK is refused") {
  const LabTpm& tpm = lab_tpm();
  auto challenge = make_credential(test::read_bytes(test::other_lab_tpm().file("ek.pub")),
                                   test::read_bytes(tpm.file("ak.name")), fresh_secret());
  REQUIRE(challenge.ok());
  CHECK_FALSE(activate(tpm, *challenge, tpm.file("ek.ctx"), tpm.file("ak.ctx")).has_value());
}

TEST_CASE("a credential for an ECC EK (ECDH + KDFe) is activated by the real TPM") {
  const LabTpm& tpm = lab_tpm();
  REQUIRE(tpm.run("tpm2_createek -c " + tpm.file("ekecc.ctx") + " -G ecc -u " + tpm.file("ekecc.pub") +
                  " -f tss && tpm2_flushcontext -t && tpm2_createak -C " + tpm.file("ekecc.ctx") + " -c " +
                  tpm.file("akecc.ctx") + " -G ecc -u " + tpm.file("akecc.pub") + " -f tss -n " +
                  tpm.file("akecc.name") + "; rc=$?; tpm2_flushcontext -t; tpm2_flushcontext -s; exit $rc") == 0);
  const Bytes secret = fresh_secret();
  auto challenge =
      make_credential(test::read_bytes(tpm.file("ekecc.pub")), test::read_bytes(tpm.file("akecc.name")), secret);
  REQUIRE_MESSAGE(challenge.ok(), (challenge.ok() ? "" : challenge.error().message));
  const auto activated = activate(tpm, *challenge, tpm.file("ekecc.ctx"), tpm.file("akecc.ctx"));
  REQUIRE(activated.has_value());
  CHECK(*activated == secret);
}

TEST_CASE("make_credential refuses oversized secrets, malformed names and keys that are not an EK") {
  const Bytes ek = test::read_bytes(lab_tpm().file("ek.pub"));
  const Bytes name = test::read_bytes(lab_tpm().file("ak.name"));
  CHECK(make_credential(ek, name, Bytes(33, 1)).error().kind == ErrorKind::input);
  CHECK(make_credential(ek, name, Bytes{}).error().kind == ErrorKind::input);
  CHECK(make_credential(ek, Bytes(name.begin(), name.end() - 1), fresh_secret()).error().kind == ErrorKind::input);
  auto not_ek = make_credential(test::read_bytes(lab_tpm().file("ak.pub")), name, fresh_secret());
  REQUIRE_FALSE(not_ek.ok());
  CHECK(not_ek.error().message.find("not a restricted decryption key") != std::string::npos);
}

TEST_CASE("secrets compare in constant time and never equal when empty or of different size") {
  const Bytes a = fresh_secret();
  CHECK(secrets_equal(a, a));
  CHECK_FALSE(secrets_equal(a, fresh_secret()));
  CHECK_FALSE(secrets_equal(a, Bytes(a.begin(), a.end() - 1)));
  CHECK_FALSE(secrets_equal(Bytes{}, Bytes{}));
}

TEST_CASE("the tpm2-tools credential file starts with magic 0xBADCC0DE and version 1") {
  const Bytes file = tpm2_tools_credential_file({Bytes{0, 1, 0xaa}, Bytes{0, 1, 0xbb}});
  CHECK(file == Bytes{0xba, 0xdc, 0xc0, 0xde, 0, 0, 0, 1, 0, 1, 0xaa, 0, 1, 0xbb});
}

}  // namespace attest::tpm
