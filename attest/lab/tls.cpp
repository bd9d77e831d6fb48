#include "attest/lab/tls.hpp"

#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <filesystem>
#include <functional>

#include "attest/util/digest.hpp"
#include "attest/util/files.hpp"

namespace attest::lab {
namespace {

constexpr long kDay = 24L * 3600;

Error ossl(const std::string& call) { return make_error(ErrorKind::internal, call + ": " + openssl_error_text()); }

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return n > 0 ? std::string(data, static_cast<std::size_t>(n)) : std::string();
}

Status add_san(X509* cert, const DeviceSpec& d) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  const std::string san = "IP:" + d.address + ",DNS:" + d.name;
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, san.c_str());
  if (ext == nullptr) return ossl("X509V3_EXT_conf_nid(subjectAltName)");
  const int ok = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  return ok == 1 ? ok_status() : Status(ossl("X509_add_ext"));
}

Status fill_certificate(X509* cert, EVP_PKEY* key, const DeviceSpec& d) {
  unsigned char serial[16];
  if (RAND_bytes(serial, sizeof serial) != 1) return ossl("RAND_bytes");
  serial[0] &= 0x7f;  // a positive INTEGER
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  const bool serial_ok = bn != nullptr && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)) != nullptr;
  BN_free(bn);
  if (!serial_ok) return ossl("BN_to_ASN1_INTEGER");
  const bool expired = d.redfish->cert_expired;
  X509_set_version(cert, 2);
  X509_time_adj_ex(X509_getm_notBefore(cert), expired ? -400 : -1, 0, nullptr);
  X509_time_adj_ex(X509_getm_notAfter(cert), expired ? -30 : 3650, 0, nullptr);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("attest-lab"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(d.name.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509_set_pubkey(cert, key);
  if (auto s = add_san(cert, d); !s) return s;
  if (X509_sign(cert, key, EVP_sha256()) <= 0) return ossl("X509_sign");
  return ok_status();
}

Status write_pem_files(const DeviceSpec& d, X509* cert, EVP_PKEY* key) {
  BioPtr cert_bio(BIO_new(BIO_s_mem())), key_bio(BIO_new(BIO_s_mem()));
  if (!cert_bio || !key_bio || PEM_write_bio_X509(cert_bio.get(), cert) != 1 ||
      PEM_write_bio_PrivateKey(key_bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return ossl("PEM_write_bio");
  }
  for (const std::string& path : {d.redfish->tls_cert, d.redfish->tls_key}) {
    std::error_code ec;
    const auto dir = std::filesystem::path(path).parent_path();
    if (!dir.empty()) std::filesystem::create_directories(dir, ec);
    if (ec) return make_error(ErrorKind::io, dir.string() + ": cannot create directory: " + ec.message());
  }
  if (auto s = write_file_atomic(d.redfish->tls_key, bio_text(key_bio.get()), 0600); !s) return s;
  return write_file_atomic(d.redfish->tls_cert, bio_text(cert_bio.get()), 0644);
}

Status generate(const DeviceSpec& d) {
  EvpPkeyPtr key(EVP_EC_gen("P-256"));
  if (!key) return ossl("EVP_EC_gen(P-256)");
  X509Ptr cert(X509_new());
  if (!cert) return ossl("X509_new");
  if (auto s = fill_certificate(cert.get(), key.get(), d); !s) return s;
  return write_pem_files(d, cert.get(), key.get());
}

template <typename T, typename Read>
Result<T> read_pem(const std::string& path, Read read, const char* what) {
  auto text = read_file(path, 1u << 20);
  if (!text) return text.error();
  BioPtr bio(BIO_new_mem_buf(text->data(), static_cast<int>(text->size())));
  T out(read(bio.get(), nullptr, nullptr, nullptr));
  if (!out) return make_error(ErrorKind::input, path + ": not a PEM " + what);
  return out;
}

// The DER encoding i2d_* writes (sized by a first call).
Result<std::string> der_of(int size, const std::function<int(unsigned char**)>& encode) {
  if (size <= 0) return ossl("i2d");
  std::string der(static_cast<std::size_t>(size), '\0');
  auto* p = reinterpret_cast<unsigned char*>(der.data());
  if (encode(&p) != size) return ossl("i2d");
  return der;
}

}  // namespace

Result<TlsIdentity> load_or_create_tls(const DeviceSpec& d) {
  if (!exists(d.redfish->tls_cert)) {
    if (auto s = generate(d); !s) return s.error();
  }
  auto cert = read_pem<X509Ptr>(d.redfish->tls_cert, PEM_read_bio_X509, "certificate");
  if (!cert) return cert.error();
  auto key = read_pem<EvpPkeyPtr>(d.redfish->tls_key, PEM_read_bio_PrivateKey, "private key");
  if (!key) return key.error();
  SslCtxPtr ctx(SSL_CTX_new(TLS_server_method()));
  if (!ctx) return ossl("SSL_CTX_new");
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
  if (SSL_CTX_use_certificate(ctx.get(), cert->get()) != 1 || SSL_CTX_use_PrivateKey(ctx.get(), key->get()) != 1 ||
      SSL_CTX_check_private_key(ctx.get()) != 1) {
    return make_error(ErrorKind::input, d.redfish->tls_key + ": does not match " + d.redfish->tls_cert + ": " + openssl_error_text());
  }
  auto der = der_of(i2d_X509(cert->get(), nullptr), [&](unsigned char** p) { return i2d_X509(cert->get(), p); });
  auto spki = der_of(i2d_PUBKEY(key->get(), nullptr), [&](unsigned char** p) { return i2d_PUBKEY(key->get(), p); });
  if (!der) return der.error();
  if (!spki) return spki.error();
  const Bytes spki_hash = sha256(*spki);
  return TlsIdentity{std::move(ctx), sha256_hex(*der), "sha256//" + base64(spki_hash.data(), spki_hash.size())};
}

}  // namespace attest::lab
