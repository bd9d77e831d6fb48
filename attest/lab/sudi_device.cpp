#include "attest/lab/sudi_device.hpp"

#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include <cctype>
#include <charconv>

namespace attest::lab {
namespace {

Error openssl_failed(const char* call) { return make_error(ErrorKind::internal, std::string(call) + ": " + openssl_error_text()); }

Bytes digest_of(const EVP_MD* md, const Bytes& data) {
  Bytes out(static_cast<std::size_t>(EVP_MD_get_size(md)));
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &size, md, nullptr);
  out.resize(size);
  return out;
}

Bytes text_bytes(const std::string& s) { return Bytes(s.begin(), s.end()); }

std::string upper_hex(const Bytes& b) {
  std::string hex = to_hex(b);
  for (char& c : hex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return hex;
}

// One certificate of the chain: `issuer` null for the self-signed root.
struct Issued {
  EvpPkeyPtr key;
  X509Ptr cert;
};

Status name_entry(X509_NAME* name, const char* field, const std::string& value) {
  if (X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0) == 1)
    return ok_status();
  return openssl_failed("X509_NAME_add_entry_by_txt");
}

Status extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) return openssl_failed("X509V3_EXT_conf_nid");
  const int added = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  return added == 1 ? ok_status() : Status(openssl_failed("X509_add_ext"));
}

// `subject` is (field, value) pairs; a CA gets basicConstraints and keyUsage
// so a verifier accepts it as an issuer.
Result<Issued> issue(const std::vector<std::pair<const char*, std::string>>& subject, const Issued* issuer, long serial) {
  Issued out{EvpPkeyPtr(EVP_RSA_gen(2048)), X509Ptr(X509_new())};
  if (!out.key || !out.cert) return openssl_failed("EVP_RSA_gen/X509_new");
  X509* cert = out.cert.get();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), serial);
  X509_time_adj_ex(X509_getm_notBefore(cert), -1, 0, nullptr);
  X509_time_adj_ex(X509_getm_notAfter(cert), 3650, 0, nullptr);
  for (const auto& [field, value] : subject)
    if (auto st = name_entry(X509_get_subject_name(cert), field, value); !st) return st.error();
  X509* issuer_cert = issuer ? issuer->cert.get() : cert;
  X509_set_issuer_name(cert, X509_get_subject_name(issuer_cert));
  X509_set_pubkey(cert, out.key.get());
  const bool ca = serial < 3;
  // Key identifiers, as Cisco's CAs carry them: every lab start makes a root of
  // the same name, and a verifier tells them apart by key, not by name.
  if (auto st = extension(cert, issuer_cert, NID_subject_key_identifier, "hash"); !st) return st.error();
  if (issuer) {
    if (auto st = extension(cert, issuer_cert, NID_authority_key_identifier, "keyid:always"); !st) return st.error();
  }
  if (auto st = extension(cert, issuer_cert, NID_basic_constraints, ca ? "critical,CA:TRUE" : "critical,CA:FALSE"); !st) return st.error();
  if (auto st = extension(cert, issuer_cert, NID_key_usage, ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature"); !st) return st.error();
  if (X509_sign(cert, issuer ? issuer->key.get() : out.key.get(), EVP_sha256()) <= 0) return openssl_failed("X509_sign");
  return out;
}

Bytes der_of(X509* cert) {
  unsigned char* buffer = nullptr;
  const int size = i2d_X509(cert, &buffer);
  if (size <= 0) return {};
  Bytes der(buffer, buffer + size);
  OPENSSL_free(buffer);
  return der;
}

// nonce (u64 BE) || signature version 1 (u32 BE) || `body`, signed RSA PKCS#1 v1.5 / SHA-256.
Result<std::string> sign_hex(EVP_PKEY* key, std::uint64_t nonce, const Bytes& body) {
  Bytes message;
  for (int shift = 56; shift >= 0; shift -= 8) message.push_back(static_cast<std::uint8_t>(nonce >> shift));
  message.insert(message.end(), {0, 0, 0, 1});  // signature version 1
  message.insert(message.end(), body.begin(), body.end());
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  std::size_t size = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &size, message.data(), message.size()) != 1)
    return openssl_failed("EVP_DigestSign");
  Bytes signature(size);
  if (EVP_DigestSign(ctx.get(), signature.data(), &size, message.data(), message.size()) != 1) return openssl_failed("EVP_DigestSign");
  signature.resize(size);
  return upper_hex(signature);
}

// PCR extend as the switch's TPM does it: PCR = SHA-256(PCR || SHA-256(measured hash)).
Bytes extended(Bytes pcr, const Bytes& measured) {
  const Bytes inner = digest_of(EVP_sha256(), measured);
  pcr.insert(pcr.end(), inner.begin(), inner.end());
  return digest_of(EVP_sha256(), pcr);
}

}  // namespace

std::string certificate_pem(const Bytes& der) {
  const std::string b64 = base64(der.data(), der.size());
  std::string out = "-----BEGIN CERTIFICATE-----\n";
  for (std::size_t i = 0; i < b64.size(); i += 64) out += b64.substr(i, 64) + "\n";
  return out + "-----END CERTIFICATE-----\n";
}

std::optional<std::string> render_signed_command(const Facts& facts, std::string_view command) {
  constexpr std::string_view integrity = "show platform integrity sign nonce ";
  constexpr std::string_view sudi = "show platform sudi certificate sign nonce ";
  const bool is_integrity = command.starts_with(integrity);
  if (!facts.sudi || (!is_integrity && !command.starts_with(sudi))) return std::nullopt;
  const auto digits = command.substr(is_integrity ? integrity.size() : sudi.size());
  std::uint64_t nonce = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), nonce);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::string("% Invalid nonce\n");
  auto out = is_integrity ? render_platform_integrity(*facts.sudi, facts, nonce, facts.tampered_os)
                          : render_sudi_certificate(*facts.sudi, nonce);
  return out ? *out : "% Error retrieving integrity data\n";
}

Result<LabSudi> make_lab_sudi(const Facts& facts) {
  auto root = issue({{"O", "attest-lab"}, {"CN", "attest-lab SUDI Root"}}, nullptr, 1);
  if (!root) return root.error();
  auto ca = issue({{"O", "attest-lab"}, {"CN", "attest-lab SUDI CA"}}, &*root, 2);
  if (!ca) return ca.error();
  auto device = issue({{"serialNumber", "PID:" + facts.model + " SN:" + facts.serial}, {"O", "attest-lab"}, {"CN", facts.model}}, &*ca, 3);
  if (!device) return device.error();
  LabSudi out;
  out.chain_der = {der_of(root->cert.get()), der_of(ca->cert.get()), der_of(device->cert.get())};
  out.device_key = std::move(device->key);
  return out;
}

LabMeasurements lab_measurements(const Facts& facts, bool tampered_os) {
  const std::string os = std::string(tampered_os ? "attest-lab tampered os " : "attest-lab os ") + facts.model + " " + facts.version;
  return {digest_of(EVP_sha256(), text_bytes("attest-lab boot0 " + facts.model)),
          digest_of(EVP_sha512(), text_bytes("attest-lab boot loader " + facts.model)), digest_of(EVP_sha512(), text_bytes(os))};
}

Result<std::string> render_sudi_certificate(const LabSudi& sudi, std::uint64_t nonce) {
  std::string out;
  Bytes body;
  for (const auto& der : sudi.chain_der) {
    out += certificate_pem(der);
    body.insert(body.end(), der.begin(), der.end());
  }
  auto signature = sign_hex(sudi.device_key.get(), nonce, body);
  if (!signature) return signature.error();
  return out + "\nSignature version: 1\nSignature:\n" + *signature + "\n";
}

Result<std::string> render_platform_integrity(const LabSudi& sudi, const Facts& facts, std::uint64_t nonce, bool tampered_os) {
  const LabMeasurements m = lab_measurements(facts, tampered_os);
  const Bytes pcr0 = extended(extended(Bytes(32, 0), m.boot0), m.boot_loader);
  const Bytes pcr8 = extended(Bytes(32, 0), m.os);
  Bytes signed_pcrs = pcr0;
  signed_pcrs.insert(signed_pcrs.end(), pcr8.begin(), pcr8.end());
  auto signature = sign_hex(sudi.device_key.get(), nonce, signed_pcrs);
  if (!signature) return signature.error();
  return "Platform: " + facts.model + "\nBoot 0 Version: F01144R16.attest-lab\nBoot 0 Hash: " + upper_hex(m.boot0) +
         "\nBoot Loader Version: System Bootstrap, Version " + facts.version + ", RELEASE SOFTWARE (P)\nBoot Loader Hash: " +
         upper_hex(m.boot_loader) + "\nOS Version: " + facts.version + "\nOS Hash: " + upper_hex(m.os) + "\nPCR0: " +
         upper_hex(pcr0) + "\nPCR8: " + upper_hex(pcr8) + "\nSignature version: 1\nSignature:\n" + *signature + "\n";
}

}  // namespace attest::lab
