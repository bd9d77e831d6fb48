#include "attest/tpm/enroll/ek_certificate.hpp"

#include <algorithm>
#include <memory>
#include <string_view>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "attest/tpm/enroll/tpm_public.hpp"
#include "attest/tpm/quote/public_key.hpp"
#include "attest/util/digest.hpp"
#include "attest/util/files.hpp"

namespace attest::tpm {
namespace {

constexpr std::size_t kMaxPemFileBytes = 1u << 20;

struct X509StackFree {
  void operator()(STACK_OF(X509)* s) const { sk_X509_pop_free(s, X509_free); }
};
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackFree>;

std::string name_text(const X509_NAME* name) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) return "?";
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return len > 0 ? std::string(data, static_cast<std::size_t>(len)) : std::string();
}

std::string describe(const X509* cert) {
  const std::string subject = name_text(X509_get_subject_name(cert));
  return subject.empty() ? "certificate with empty subject" : "'" + subject + "'";
}

bool is_pem(std::span<const std::uint8_t> bytes) {
  constexpr std::string_view marker = "-----BEGIN";
  return enroll_detail::as_chars(bytes).find(marker) != std::string_view::npos;
}

// DER is self-delimiting; NV indices may be larger than the certificate, so
// 0x00/0xff fill after it is tolerated (and recorded), anything else refused.
Result<X509Ptr> parse_der(std::span<const std::uint8_t> bytes, std::vector<std::string>& tolerated) {
  const unsigned char* p = bytes.data();
  const long size = static_cast<long>(std::min<std::size_t>(bytes.size(), 1u << 20));
  X509Ptr cert(d2i_X509(nullptr, &p, size));
  if (!cert) return make_error(ErrorKind::parse, "EK certificate does not parse as DER X.509: " + openssl_error_text());
  const auto used = static_cast<std::size_t>(p - bytes.data());
  const auto rest = bytes.subspan(used);
  if (rest.empty()) return cert;
  const bool padding = std::all_of(rest.begin(), rest.end(), [&](std::uint8_t b) { return b == rest[0]; }) &&
                       (rest[0] == 0x00 || rest[0] == 0xff);
  if (!padding) {
    return make_error(ErrorKind::parse, "EK certificate: " + std::to_string(rest.size()) +
                                            " bytes of trailing data after the DER certificate");
  }
  tolerated.push_back(std::to_string(rest.size()) + " bytes of 0x" + enroll_detail::to_hex_u16(rest[0]).substr(2) +
                      " padding after the DER certificate");
  return cert;
}

Result<X509Ptr> parse_certificate(std::span<const std::uint8_t> bytes, std::vector<std::string>& tolerated) {
  if (bytes.empty()) return make_error(ErrorKind::parse, "EK certificate is empty");
  if (!is_pem(bytes)) return parse_der(bytes, tolerated);
  BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(std::min<std::size_t>(bytes.size(), 1u << 20))));
  X509Ptr cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!cert) return make_error(ErrorKind::parse, "EK certificate does not parse as PEM X.509: " + openssl_error_text());
  return cert;
}

// All certificates of one PEM text, in order.
Result<std::vector<X509Ptr>> pem_certificates(const PemText& pem) {
  const std::string& path = pem.source;
  if (pem.text.size() > kMaxPemFileBytes) return make_error(ErrorKind::input, path + ": larger than a PEM file may be");
  BioPtr bio(BIO_new_mem_buf(pem.text.data(), static_cast<int>(pem.text.size())));
  std::vector<X509Ptr> certs;
  while (bio) {
    X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert) break;
    certs.push_back(std::move(cert));
  }
  ERR_clear_error();  // the loop ends on "no start line"
  if (certs.empty()) return make_error(ErrorKind::input, path + ": no PEM certificate in file");
  return certs;
}

// All certificates of one PEM file, in order.
Result<std::vector<X509Ptr>> read_pem_certificates(const std::string& path) {
  auto text = read_file(path, kMaxPemFileBytes);
  if (!text) return text.error();
  return pem_certificates(PemText{path, std::move(text).value()});
}

Status add_to_store(X509_STORE* store, Result<std::vector<X509Ptr>> certs) {
  if (!certs) return certs.error();
  for (const auto& c : *certs) {
    if (X509_STORE_add_cert(store, c.get()) != 1) ERR_clear_error();  // duplicates are harmless
  }
  return ok_status();
}

// State the verify callback writes into, reached through the store context's app data.
struct VerifyState {
  std::vector<std::string>* tolerated = nullptr;
};

// Records the critical extensions OpenSSL does not handle on the current certificate.
void record_unhandled(X509_STORE_CTX* ctx, VerifyState& state) {
  const X509* cert = X509_STORE_CTX_get_current_cert(ctx);
  if (cert == nullptr) return;
  for (int i = 0; i < X509_get_ext_count(cert); ++i) {
    X509_EXTENSION* ext = X509_get_ext(cert, i);
    if (X509_EXTENSION_get_critical(ext) == 0 || X509_supported_extension(ext) != 0) continue;
    char oid[128];
    OBJ_obj2txt(oid, sizeof oid, X509_EXTENSION_get_object(ext), 1);
    const std::string entry = std::string("unhandled critical extension ") + oid + " in " + describe(cert);
    auto& list = *state.tolerated;
    if (std::find(list.begin(), list.end(), entry) == list.end()) list.push_back(entry);
  }
}

// Accepts X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION only (TCG EK profile
// extensions OpenSSL does not know); every other error stays fatal.
extern "C" int ek_verify_callback(int ok, X509_STORE_CTX* ctx) {
  if (ok != 0 || X509_STORE_CTX_get_error(ctx) != X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION) return ok;
  auto* state = static_cast<VerifyState*>(X509_STORE_CTX_get_app_data(ctx));
  if (state == nullptr) return 0;
  try {  // nothing may propagate through OpenSSL's C frames
    record_unhandled(ctx, *state);
  } catch (...) {
    return 0;
  }
  return 1;
}

Result<X509StorePtr> trust_store(const std::vector<std::string>& root_pem_files, const std::vector<PemText>& root_pems) {
  if (root_pem_files.empty() && root_pems.empty()) {
    return make_error(ErrorKind::input, "no trusted EK root certificate given");
  }
  X509StorePtr store(X509_STORE_new());
  if (!store) return make_error(ErrorKind::internal, "X509_STORE_new: " + openssl_error_text());
  for (const auto& pem : root_pems) {
    if (auto st = add_to_store(store.get(), pem_certificates(pem)); !st) return st.error();
  }
  for (const auto& path : root_pem_files) {
    if (auto st = add_to_store(store.get(), read_pem_certificates(path)); !st) return st.error();
  }
  X509_STORE_set_verify_cb(store.get(), ek_verify_callback);
  return store;
}

Result<X509StackPtr> untrusted_stack(const std::vector<std::string>& pem_files) {
  X509StackPtr stack(sk_X509_new_null());
  if (!stack) return make_error(ErrorKind::internal, "sk_X509_new_null failed");
  for (const auto& path : pem_files) {
    auto certs = read_pem_certificates(path);
    if (!certs) return certs.error();
    for (auto& c : *certs) {
      if (sk_X509_push(stack.get(), c.get()) <= 0) return make_error(ErrorKind::internal, "sk_X509_push failed");
      c.release();  // now owned by the stack
    }
  }
  return stack;
}

Status verify_chain(X509* cert, X509_STORE* store, STACK_OF(X509)* untrusted, std::vector<std::string>& tolerated) {
  X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  VerifyState state{&tolerated};
  if (!ctx || X509_STORE_CTX_init(ctx.get(), store, cert, untrusted) != 1 ||
      X509_STORE_CTX_set_app_data(ctx.get(), &state) != 1) {
    return make_error(ErrorKind::internal, "X509_STORE_CTX_init: " + openssl_error_text());
  }
  if (X509_verify_cert(ctx.get()) == 1) return ok_status();
  const int err = X509_STORE_CTX_get_error(ctx.get());
  const X509* failing = X509_STORE_CTX_get_current_cert(ctx.get());
  std::string where = failing != nullptr ? " at " + describe(failing) : "";
  ERR_clear_error();
  return make_error(ErrorKind::crypto, std::string("EK certificate chain does not verify: ") +
                                           X509_verify_cert_error_string(err) + where + " (depth " +
                                           std::to_string(X509_STORE_CTX_get_error_depth(ctx.get())) + ")");
}

Result<EkCertificateCheck> describe_certificate(X509* cert) {
  EkCertificateCheck out;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  if (X509_digest(cert, EVP_sha256(), md, &md_len) != 1) {
    return make_error(ErrorKind::internal, "X509_digest: " + openssl_error_text());
  }
  out.sha256 = to_hex(md, md_len);
  out.subject = name_text(X509_get_subject_name(cert));
  out.issuer = name_text(X509_get_issuer_name(cert));
  out.public_key.reset(X509_get_pubkey(cert));
  if (!out.public_key) return make_error(ErrorKind::parse, "EK certificate public key: " + openssl_error_text());
  if (EVP_PKEY_is_a(out.public_key.get(), "RSA") == 1) {
    out.key_type = "rsa";
  } else if (EVP_PKEY_is_a(out.public_key.get(), "EC") == 1) {
    out.key_type = "ecc";
  } else {
    return make_error(ErrorKind::crypto, "EK certificate key is neither RSA nor EC");
  }
  return out;
}

}  // namespace

Result<EkCertificateCheck> verify_ek_certificate(std::span<const std::uint8_t> der_or_pem,
                                                 const std::vector<std::string>& root_pem_files,
                                                 const std::vector<std::string>& intermediate_pem_files,
                                                 const std::vector<PemText>& root_pems) {
  std::vector<std::string> tolerated;
  auto cert = parse_certificate(der_or_pem, tolerated);
  if (!cert) return cert.error();
  auto store = trust_store(root_pem_files, root_pems);
  if (!store) return store.error();
  auto untrusted = untrusted_stack(intermediate_pem_files);
  if (!untrusted) return untrusted.error();
  if (auto st = verify_chain(cert->get(), store->get(), untrusted->get(), tolerated); !st) return st.error();
  auto out = describe_certificate(cert->get());
  if (!out) return out.error();
  out->tolerated = std::move(tolerated);
  return out;
}

Status ek_matches_certificate(EVP_PKEY* cert_key, std::span<const std::uint8_t> ek_tpm2b_public) {
  if (cert_key == nullptr) return make_error(ErrorKind::internal, "ek_matches_certificate: no certificate key");
  auto pub = enroll_detail::unmarshal_public(ek_tpm2b_public, "EK public");
  if (!pub) return pub.error();
  auto key = public_key_from_tpmt(pub->publicArea);
  if (!key) return key.error();
  if (EVP_PKEY_eq(cert_key, key->get()) != 1) {
    ERR_clear_error();
    return make_error(ErrorKind::crypto, "the TPM's EK public key is not the key in the EK certificate");
  }
  return ok_status();
}

}  // namespace attest::tpm
