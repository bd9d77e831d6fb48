#include <doctest/doctest.h>

#include <initializer_list>

#include "attest/tpm/enroll/ek_certificate.hpp"
#include "enroll_test_util.hpp"

namespace attest::tpm {
namespace {

using test::lab_tpm;
using test::other_lab_tpm;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

Result<EkCertificateCheck> verify_with_lab_ca(const Bytes& cert) {
  return verify_ek_certificate(cert, {lab_tpm().tpm.root_ca_pem()}, {lab_tpm().tpm.issuer_ca_pem()});
}

test::LeafOptions critical() {
  test::LeafOptions o;
  o.critical_unknown_extension = true;
  return o;
}

test::LeafOptions expired_critical() {
  test::LeafOptions o = critical();
  o.expired = true;
  return o;
}

test::LeafOptions ecc() {
  test::LeafOptions o;
  o.ecc = true;
  return o;
}

}  // namespace

TEST_CASE("swtpm's RSA EK certificate chains to its manufacturer root through the issuer CA") {
  const Bytes der = test::read_bytes(lab_tpm().tpm.ek_rsa_cert_path());
  auto check = verify_with_lab_ca(der);
  REQUIRE_MESSAGE(check.ok(), (check.ok() ? "" : check.error().message));
  CHECK(check->key_type == "rsa");
  CHECK(check->sha256 == sha256_hex(std::string(der.begin(), der.end())));
  CHECK(check->issuer == "CN=swtpm-localca");
  CHECK(check->tolerated.empty());  // swtpm marks only SAN/basicConstraints/keyUsage critical
  CHECK(check->public_key != nullptr);
}

TEST_CASE("swtpm's ECC P-384 EK certificate verifies too") {
  auto check = verify_with_lab_ca(test::read_bytes(lab_tpm().tpm.ek_ecc_cert_path()));
  REQUIRE_MESSAGE(check.ok(), (check.ok() ? "" : check.error().message));
  CHECK(check->key_type == "ecc");
}

TEST_CASE("an EK certificate without its intermediate CA does not verify") {
  auto check = verify_ek_certificate(test::read_bytes(lab_tpm().tpm.ek_rsa_cert_path()),
                                     {lab_tpm().tpm.root_ca_pem()}, {});
  REQUIRE_FALSE(check.ok());
  CHECK(check.error().kind == ErrorKind::crypto);
  CHECK(contains(check.error().message, "unable to get local issuer certificate"));
}

TEST_CASE("an EK certificate from another manufacturer's CA does not verify") {
  auto check = verify_ek_certificate(test::read_bytes(other_lab_tpm().tpm.ek_rsa_cert_path()),
                                     {lab_tpm().tpm.root_ca_pem()}, {other_lab_tpm().tpm.issuer_ca_pem()});
  REQUIRE_FALSE(check.ok());
  CHECK(check.error().kind == ErrorKind::crypto);
}

TEST_CASE("the issuer CA given as a root is not enough: the chain must end at a self-signed root") {
  auto check = verify_ek_certificate(test::read_bytes(lab_tpm().tpm.ek_rsa_cert_path()),
                                     {lab_tpm().tpm.issuer_ca_pem()}, {});
  CHECK_FALSE(check.ok());
}

TEST_CASE("an unhandled critical extension is tolerated and recorded, EKU tcg-kp-EKCertificate accepted") {
  const std::string dir = test::scratch_dir("tpm-enroll/certs-critical");
  const auto ca = test::make_test_ca("Test TPM Root");
  const auto leaf = test::make_test_leaf(ca, critical());
  auto check = verify_ek_certificate(test::der_of(leaf.cert.get()), {test::write_pem(dir + "/root.pem", ca.cert.get())}, {});
  REQUIRE_MESSAGE(check.ok(), (check.ok() ? "" : check.error().message));
  REQUIRE(check->tolerated.size() == 1);
  CHECK(contains(check->tolerated[0], "unhandled critical extension 2.23.133.99.1"));
  CHECK(contains(check->tolerated[0], "CN=test EK"));
}

TEST_CASE("an expired EK certificate fails even when it also carries a tolerated extension") {
  const std::string dir = test::scratch_dir("tpm-enroll/certs-expired");
  const auto ca = test::make_test_ca("Test TPM Root");
  const auto leaf = test::make_test_leaf(ca, expired_critical());
  auto check = verify_ek_certificate(test::der_of(leaf.cert.get()), {test::write_pem(dir + "/root.pem", ca.cert.get())}, {});
  REQUIRE_FALSE(check.ok());
  CHECK(contains(check.error().message, "certificate has expired"));
}

TEST_CASE("a certificate signed by another key with the same issuer name fails") {
  const std::string dir = test::scratch_dir("tpm-enroll/certs-forged");
  const auto ca = test::make_test_ca("Test TPM Root");
  const auto impostor = test::make_test_ca("Test TPM Root");
  const auto leaf = test::make_test_leaf(impostor, {});
  auto check = verify_ek_certificate(test::der_of(leaf.cert.get()), {test::write_pem(dir + "/root.pem", ca.cert.get())}, {});
  REQUIRE_FALSE(check.ok());
  CHECK(check.error().kind == ErrorKind::crypto);
}

TEST_CASE("an ECC P-384 test EK certificate in PEM form verifies") {
  const std::string dir = test::scratch_dir("tpm-enroll/certs-pem");
  const auto ca = test::make_test_ca("Test TPM Root");
  const auto leaf = test::make_test_leaf(ca, ecc());
  const Bytes pem = test::read_bytes(test::write_pem(dir + "/leaf.pem", leaf.cert.get()));
  auto check = verify_ek_certificate(pem, {test::write_pem(dir + "/root.pem", ca.cert.get())}, {});
  REQUIRE(check.ok());
  CHECK(check->key_type == "ecc");
}

TEST_CASE("garbage, truncated and trailing-garbage DER are clear parse errors") {
  const Bytes der = test::read_bytes(lab_tpm().tpm.ek_rsa_cert_path());
  const Bytes garbage{0x30, 0x82, 0xff, 0xff, 0x01, 0x02};
  const Bytes truncated(der.begin(), der.begin() + static_cast<long>(der.size() / 2));
  Bytes trailing = der;
  trailing.insert(trailing.end(), {0x41, 0x42, 0x43});
  for (const Bytes* input : std::initializer_list<const Bytes*>{&garbage, &truncated, &trailing}) {
    auto check = verify_with_lab_ca(*input);
    REQUIRE_FALSE(check.ok());
    CHECK(check.error().kind == ErrorKind::parse);
  }
  CHECK(contains(verify_with_lab_ca(trailing).error().message, "3 bytes of trailing data"));
  CHECK(verify_with_lab_ca(Bytes{}).error().kind == ErrorKind::parse);
}

TEST_CASE("zero padding after the DER (an NV index larger than the certificate) is tolerated and recorded") {
  Bytes padded = test::read_bytes(lab_tpm().tpm.ek_rsa_cert_path());
  padded.insert(padded.end(), 100, 0x00);
  auto check = verify_with_lab_ca(padded);
  REQUIRE(check.ok());
  REQUIRE(check->tolerated.size() == 1);
  CHECK(check->tolerated[0] == "100 bytes of 0x00 padding after the DER certificate");
}

TEST_CASE("roots given as bytes already verified (the DB's tpm-roots) are trust anchors, files not needed") {
  const std::string dir = test::scratch_dir("tpm-enroll/certs-bytes");
  const auto ca = test::make_test_ca("Test TPM Root");
  const auto other = test::make_test_ca("Other TPM Root");
  const auto leaf = test::make_test_leaf(ca, {});
  const auto bytes_of = [&](const test::TestCert& c, const std::string& name) {
    const Bytes pem = test::read_bytes(test::write_pem(dir + "/" + name, c.cert.get()));
    return PemText{"db/tpm-roots/" + name, std::string(pem.begin(), pem.end())};
  };
  auto trusted = verify_ek_certificate(test::der_of(leaf.cert.get()), {}, {}, {bytes_of(ca, "root.pem")});
  REQUIRE_MESSAGE(trusted.ok(), (trusted.ok() ? "" : trusted.error().message));
  auto untrusted = verify_ek_certificate(test::der_of(leaf.cert.get()), {}, {}, {bytes_of(other, "other.pem")});
  REQUIRE_FALSE(untrusted.ok());
  CHECK(untrusted.error().kind == ErrorKind::crypto);
  auto garbage = verify_ek_certificate(test::der_of(leaf.cert.get()), {}, {}, {PemText{"db/tpm-roots/x.pem", "junk"}});
  REQUIRE_FALSE(garbage.ok());
  CHECK(garbage.error().message == "db/tpm-roots/x.pem: no PEM certificate in file");
}

TEST_CASE("a missing root file is an error, not an empty trust store") {
  auto check = verify_ek_certificate(test::read_bytes(lab_tpm().tpm.ek_rsa_cert_path()), {"/nonexistent/root.pem"}, {});
  REQUIRE_FALSE(check.ok());
  CHECK(check.error().kind != ErrorKind::crypto);
  CHECK(verify_ek_certificate(Bytes{1}, {}, {}).error().kind != ErrorKind::crypto);
}

TEST_CASE("the EK public from tpm2_createek matches its certificate and not another TPM's") {
  const Bytes ek_pub = test::read_bytes(lab_tpm().file("ek.pub"));
  auto mine = verify_with_lab_ca(test::read_bytes(lab_tpm().tpm.ek_rsa_cert_path()));
  REQUIRE(mine.ok());
  CHECK(ek_matches_certificate(mine->public_key.get(), ek_pub).ok());
  auto other = verify_ek_certificate(test::read_bytes(other_lab_tpm().tpm.ek_rsa_cert_path()),
                                     {other_lab_tpm().tpm.root_ca_pem()}, {other_lab_tpm().tpm.issuer_ca_pem()});
  REQUIRE(other.ok());
  auto mismatch = ek_matches_certificate(other->public_key.get(), ek_pub);
  REQUIRE_FALSE(mismatch.ok());
  CHECK(mismatch.error().kind == ErrorKind::crypto);
  Bytes trailing = ek_pub;
  trailing.push_back(0);
  CHECK(ek_matches_certificate(mine->public_key.get(), trailing).error().kind == ErrorKind::parse);
}

}  // namespace attest::tpm
