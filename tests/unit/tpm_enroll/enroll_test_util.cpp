#include "enroll_test_util.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include <openssl/pem.h>
#include <openssl/x509v3.h>

namespace attest::tpm::test {
namespace fs = std::filesystem;
namespace {

using Asn1ObjectPtr = std::unique_ptr<ASN1_OBJECT, OpenSslDeleter<ASN1_OBJECT_free>>;
using OctetPtr = std::unique_ptr<ASN1_OCTET_STRING, OpenSslDeleter<ASN1_OCTET_STRING_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, OpenSslDeleter<X509_EXTENSION_free>>;

void need(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test fixture: ") + what + ": " + openssl_error_text());
}

void add_ext(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  need(ext && X509_add_ext(cert, ext.get(), -1) == 1, "add extension");
}

// A critical extension OpenSSL cannot know: the kind TCG profiles add.
void add_unknown_critical(X509* cert) {
  Asn1ObjectPtr oid(OBJ_txt2obj("2.23.133.99.1", 1));
  OctetPtr value(ASN1_OCTET_STRING_new());
  const unsigned char null_der[] = {0x05, 0x00};
  need(oid && value && ASN1_OCTET_STRING_set(value.get(), null_der, sizeof null_der) == 1, "octet string");
  ExtPtr ext(X509_EXTENSION_create_by_OBJ(nullptr, oid.get(), 1, value.get()));
  need(ext && X509_add_ext(cert, ext.get(), -1) == 1, "add unknown extension");
}

X509Ptr new_cert(const std::string& cn, long serial, long not_before, long not_after) {
  X509Ptr cert(X509_new());
  need(cert && X509_set_version(cert.get(), 2) == 1, "X509_new");
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), not_before);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), not_after);
  X509_NAME_add_entry_by_txt(X509_get_subject_name(cert.get()), "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  return cert;
}

}  // namespace

LabTpm::LabTpm(const std::string& name, const std::string& ca_name, lab::EkCerts certs)
    : dir(scratch_dir(name)), tpm(dir + "/tpm", scratch_dir(ca_name), certs) {
  const std::string ek_alg = certs == lab::EkCerts::ecc_only ? "ecc" : "rsa";
  const bool ok = run("tpm2_createek -c " + file("ek.ctx") + " -G " + ek_alg + " -u " + file("ek.pub") + " -f tss") == 0 &&
                  run("tpm2_flushcontext -t") == 0 &&
                  run("tpm2_createak -C " + file("ek.ctx") + " -c " + file("ak.ctx") + " -G ecc -u " +
                      file("ak.pub") + " -f tss -n " + file("ak.name")) == 0 &&
                  run("tpm2_flushcontext -t && tpm2_flushcontext -s") == 0 &&
                  run("tpm2_createak -C " + file("ek.ctx") + " -c " + file("akrsa.ctx") + " -G rsa -u " +
                      file("akrsa.pub") + " -f tss -n " + file("akrsa.name")) == 0 &&
                  run("tpm2_flushcontext -t && tpm2_flushcontext -s") == 0;
  if (!ok) throw std::runtime_error("could not create EK/AK on the lab swtpm in " + dir);
}

int LabTpm::run(const std::string& command) const {
  return attest::testing::run_with_tcti(tpm.tcti(), "sh -c '" + command + "' >/dev/null 2>&1");
}

LabTpm& lab_tpm() {
  static LabTpm tpm("tpm-enroll/a", "tpm-enroll/ca-vendor-a");
  return tpm;
}

LabTpm& other_lab_tpm() {
  static LabTpm tpm("tpm-enroll/b", "tpm-enroll/ca-vendor-b");
  return tpm;
}

LabTpm& ecc_lab_tpm() {
  static LabTpm tpm("tpm-enroll/ecc", "tpm-enroll/ca-vendor-ecc", lab::EkCerts::ecc_only);
  return tpm;
}

std::optional<Bytes> activate(const LabTpm& tpm, const CredentialChallenge& challenge, const std::string& ek_ctx,
                              const std::string& ak_ctx) {
  const std::string cred = tpm.file("cred.bin");
  const std::string out = tpm.file("activated.bin");
  const std::string session = tpm.file("session.ctx");
  test::write_bytes(cred, tpm2_tools_credential_file(challenge));
  std::remove(out.c_str());
  const int rc = tpm.run("tpm2_startauthsession --policy-session -S " + session + " && tpm2_policysecret -S " +
                         session + " -c e && tpm2_activatecredential -c " + ak_ctx + " -C " + ek_ctx + " -i " +
                         cred + " -o " + out + " -P session:" + session + "; rc=$?; tpm2_flushcontext " + session +
                         "; tpm2_flushcontext -t; tpm2_flushcontext -s; exit $rc");
  if (rc != 0) return std::nullopt;
  return test::read_bytes(out);
}

void run_challenge(const LabTpm& tpm, EnrollmentEvidence& ev) {
  ev.challenge_secret = fresh_secret();
  auto challenge = make_enrollment_challenge(ev.ek_public, ev.ak_public, ev.challenge_secret);
  if (!challenge) throw std::runtime_error("make_enrollment_challenge: " + challenge.error().message);
  auto returned = activate(tpm, *challenge, tpm.file("ek.ctx"), tpm.file("ak.ctx"));
  if (!returned) throw std::runtime_error("stock tpm2_activatecredential refused the challenge in " + tpm.dir);
  ev.returned_secret = *returned;
}

std::string scratch_dir(const std::string& name) {
  const fs::path dir = fs::path(ATTEST_BINARY_DIR) / "test-runs" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

Bytes read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_bytes(const std::string& path, const Bytes& data) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

TestCert make_test_ca(const std::string& common_name) {
  TestCert ca{EvpPkeyPtr(EVP_RSA_gen(2048)), new_cert(common_name, 1, -3600, 86400L * 365)};
  need(ca.key != nullptr, "EVP_RSA_gen");
  X509_set_issuer_name(ca.cert.get(), X509_get_subject_name(ca.cert.get()));
  need(X509_set_pubkey(ca.cert.get(), ca.key.get()) == 1, "X509_set_pubkey");
  add_ext(ca.cert.get(), ca.cert.get(), NID_basic_constraints, "critical,CA:TRUE");
  add_ext(ca.cert.get(), ca.cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
  add_ext(ca.cert.get(), ca.cert.get(), NID_subject_key_identifier, "hash");
  need(X509_sign(ca.cert.get(), ca.key.get(), EVP_sha256()) > 0, "X509_sign");
  return ca;
}

TestCert make_test_leaf(const TestCert& ca, const LeafOptions& options) {
  const long not_after = options.expired ? -3600 : 86400L * 30;
  TestCert leaf{EvpPkeyPtr(options.ecc ? EVP_EC_gen("P-384") : EVP_RSA_gen(2048)),
                new_cert("test EK", 2, -7200, not_after)};
  need(leaf.key != nullptr, "key generation");
  X509_set_issuer_name(leaf.cert.get(), X509_get_subject_name(ca.cert.get()));
  need(X509_set_pubkey(leaf.cert.get(), leaf.key.get()) == 1, "X509_set_pubkey");
  add_ext(leaf.cert.get(), ca.cert.get(), NID_basic_constraints, "critical,CA:FALSE");
  add_ext(leaf.cert.get(), ca.cert.get(), NID_ext_key_usage, "2.23.133.8.1");
  add_ext(leaf.cert.get(), ca.cert.get(), NID_authority_key_identifier, "keyid:always");
  if (options.critical_unknown_extension) add_unknown_critical(leaf.cert.get());
  need(X509_sign(leaf.cert.get(), ca.key.get(), EVP_sha256()) > 0, "X509_sign");
  return leaf;
}

Bytes der_of(const X509* cert) {
  unsigned char* out = nullptr;
  const int len = i2d_X509(cert, &out);
  need(len > 0, "i2d_X509");
  Bytes der(out, out + len);
  OPENSSL_free(out);
  return der;
}

std::string write_pem(const std::string& path, const X509* cert) {
  BioPtr bio(BIO_new_file(path.c_str(), "w"));
  need(bio && PEM_write_bio_X509(bio.get(), cert) == 1, "PEM_write_bio_X509");
  return path;
}

}  // namespace attest::tpm::test
