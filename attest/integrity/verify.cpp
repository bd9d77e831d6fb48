// The checks of Cisco's boot integrity visibility, as its public
// BootIntegrityValidator performs them: SUDI chain to a pinned Cisco root,
// signatures with the SUDI key, PCR0/PCR8 replayed from the listed hashes.
#include <algorithm>

#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "attest/integrity/cisco_integrity.hpp"
#include "attest/util/openssl_ptr.hpp"

namespace attest::integrity {
namespace {

struct StackDeleter {
  void operator()(STACK_OF(X509) * s) const { sk_X509_free(s); }
};
using X509StackPtr = std::unique_ptr<STACK_OF(X509), StackDeleter>;

Error crypto(std::string message) { return make_error(ErrorKind::crypto, std::move(message)); }

X509Ptr parse_der(const Bytes& der) {
  const unsigned char* p = der.data();
  X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (cert && p != der.data() + der.size()) cert.reset();  // trailing bytes: not one certificate
  return cert;
}

void put_be(Bytes& out, std::uint64_t value, int bytes) {
  for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(value >> shift));
}

// What both signatures start with: nonce (u64 BE) when the command had one,
// then the signature version (u32 BE).
Bytes signed_header(std::optional<std::uint64_t> nonce, std::uint32_t version) {
  Bytes out;
  if (nonce) put_be(out, *nonce, 8);
  put_be(out, version, 4);
  return out;
}

// The nonce the signature is checked over: the one we sent. A capture may
// echo the command ("... sign nonce N"); an exec channel does not, and needs
// not: the signature covers the nonce as the verifier supplies it, so another
// nonce fails it. An echo of another nonce is named as the replay it is.
Result<std::optional<std::uint64_t>> signed_nonce(std::optional<std::uint64_t> echoed, std::optional<std::uint64_t> expected,
                                                  std::string_view what) {
  if (expected && *expected == 0) return make_error(ErrorKind::usage, "nonce 0 is not a nonce: the switch signs it as no nonce");
  if (!expected && echoed) return crypto(std::string(what) + ": carries nonce " + std::to_string(*echoed) + " where none was sent");
  if (expected && echoed && *echoed != *expected)
    return crypto(std::string(what) + ": nonce " + std::to_string(*echoed) + " is not the nonce sent (" + std::to_string(*expected) + "): a replay");
  return expected;
}

// RSA PKCS#1 v1.5 with SHA-256, the only scheme signature version 1 defines.
Status verify_rsa_sha256(X509* signer, const Bytes& message, const Bytes& signature, std::string_view what) {
  EvpPkeyPtr key(X509_get_pubkey(signer));
  if (!key || EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA) return crypto(std::string(what) + ": the SUDI key is not RSA");
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1)
    return make_error(ErrorKind::internal, "EVP_DigestVerifyInit: " + openssl_error_text());
  if (EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(), message.size()) != 1) {
    openssl_error_text();  // clears the queue: the verdict is the message
    return crypto(std::string(what) + ": the signature does not verify with the SUDI key");
  }
  return ok_status();
}

Status check_version(std::uint32_t version, std::string_view what) {
  if (version == 1) return ok_status();
  return crypto(std::string(what) + ": signature version " + std::to_string(version) + " is unknown (only 1 is defined)");
}

// SUDI certificates are manufacturing identities meant to outlive the device
// (IEEE 802.1AR); many ACT2 ones carry a 10-year notAfter that has passed on
// switches still in service, so the chain is checked without the clock, as
// Cisco's validator does.
Status check_chain(const std::vector<X509Ptr>& certs, const std::vector<Bytes>& roots_der) {
  X509StorePtr store(X509_STORE_new());
  for (const auto& der : roots_der) {
    if (auto root = parse_der(der)) X509_STORE_add_cert(store.get(), root.get());
  }
  X509StackPtr untrusted(sk_X509_new_null());
  for (std::size_t i = 1; i + 1 < certs.size(); ++i) sk_X509_push(untrusted.get(), certs[i].get());
  X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  if (!store || !untrusted || !ctx || X509_STORE_CTX_init(ctx.get(), store.get(), certs.back().get(), untrusted.get()) != 1)
    return make_error(ErrorKind::internal, "X509_STORE_CTX_init: " + openssl_error_text());
  X509_STORE_CTX_set_flags(ctx.get(), X509_V_FLAG_NO_CHECK_TIME);
  if (X509_verify_cert(ctx.get()) == 1) return ok_status();
  return crypto(std::string("SUDI chain: the device certificate does not chain to a trusted Cisco root: ") +
                X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get())));
}

std::string subject_serial(X509* cert) {
  X509_NAME* name = X509_get_subject_name(cert);
  const int at = X509_NAME_get_index_by_NID(name, NID_serialNumber, -1);
  if (at < 0) return {};
  const ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, at));
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)), static_cast<std::size_t>(ASN1_STRING_length(value)));
}

// "PID:C1111-8P SN:FGL220191QA" -> the value after `tag`.
std::string serial_part(const std::string& serial, std::string_view tag) {
  const auto at = serial.find(tag);
  if (at == std::string::npos) return {};
  const auto start = at + tag.size();
  return serial.substr(start, serial.find(' ', start) - start);
}

Bytes extend(const Bytes& pcr, const Bytes& measured) {
  Bytes data = pcr;
  const Bytes measurement = sha256(std::string_view(reinterpret_cast<const char*>(measured.data()), measured.size()));
  data.insert(data.end(), measurement.begin(), measurement.end());
  return sha256(std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
}

Status compare_pcr(std::string_view name, const Bytes& replayed, const Bytes& reported) {
  if (replayed == reported) return ok_status();
  return crypto(std::string(name) + " replayed from the listed hashes is " + to_hex(replayed) + ", the signed " +
                std::string(name) + " is " + to_hex(reported) + ": a listed hash is not what was measured");
}

}  // namespace

Bytes replay_pcr0(const IntegrityReport& report) {
  return extend(extend(Bytes(32, 0), report.boot0.digest), report.boot_loader.digest);
}

Bytes replay_pcr8(const IntegrityReport& report) {
  Bytes pcr(32, 0);
  for (const auto& hash : report.os_hashes) pcr = extend(pcr, hash.digest);
  return pcr;
}

Result<SudiIdentity> verify_sudi(const SudiReport& sudi, const std::vector<Bytes>& trusted_roots_der,
                                 std::optional<std::uint64_t> expected_nonce) {
  constexpr std::string_view what = "SUDI certificate output";
  if (sudi.certificates_der.size() < 3) return crypto(std::string(what) + ": fewer than 3 certificates");
  std::vector<X509Ptr> certs;
  for (std::size_t i = 0; i < sudi.certificates_der.size(); ++i) {
    certs.push_back(parse_der(sudi.certificates_der[i]));
    if (!certs.back()) return crypto(std::string(what) + ": certificate " + std::to_string(i + 1) + " is not DER X.509");
  }
  if (std::find(trusted_roots_der.begin(), trusted_roots_der.end(), sudi.certificates_der.front()) == trusted_roots_der.end())
    return crypto(std::string(what) + ": the root it prints is not a trusted Cisco root");
  if (auto st = check_chain(certs, trusted_roots_der); !st) return st.error();
  auto nonce = signed_nonce(sudi.nonce, expected_nonce, what);
  if (!nonce) return nonce.error();
  if (auto st = check_version(sudi.signature_version, what); !st) return st.error();
  Bytes message = signed_header(*nonce, sudi.signature_version);
  for (const auto& der : sudi.certificates_der) message.insert(message.end(), der.begin(), der.end());
  if (auto st = verify_rsa_sha256(certs.back().get(), message, sudi.signature, what); !st) return st.error();
  SudiIdentity id;
  id.device_der = sudi.certificates_der.back();
  id.subject_serial = subject_serial(certs.back().get());
  id.pid = serial_part(id.subject_serial, "PID:");
  id.serial_number = serial_part(id.subject_serial, "SN:");
  return id;
}

Status verify_integrity(const IntegrityReport& report, const Bytes& device_der, std::optional<std::uint64_t> expected_nonce) {
  constexpr std::string_view what = "platform integrity output";
  auto device = parse_der(device_der);
  if (!device) return crypto(std::string(what) + ": the SUDI device certificate is not DER X.509");
  auto nonce = signed_nonce(report.nonce, expected_nonce, what);
  if (!nonce) return nonce.error();
  if (auto st = check_version(report.signature_version, what); !st) return st.error();
  Bytes message = signed_header(*nonce, report.signature_version);
  message.insert(message.end(), report.pcr0.begin(), report.pcr0.end());
  message.insert(message.end(), report.pcr8.begin(), report.pcr8.end());
  if (auto st = verify_rsa_sha256(device.get(), message, report.signature, what); !st) return st.error();
  if (auto st = compare_pcr("PCR0", replay_pcr0(report), report.pcr0); !st) return st.error();
  return compare_pcr("PCR8", replay_pcr8(report), report.pcr8);
}

Result<VerifiedIntegrity> verify_switch_integrity(std::string_view integrity_output, std::string_view sudi_output,
                                                  const std::vector<Bytes>& trusted_roots_der,
                                                  std::optional<std::uint64_t> expected_nonce) {
  auto sudi = parse_sudi(sudi_output);
  if (!sudi) return sudi.error();
  auto report = parse_integrity(integrity_output);
  if (!report) return report.error();
  auto identity = verify_sudi(*sudi, trusted_roots_der, expected_nonce);
  if (!identity) return identity.error();
  if (auto st = verify_integrity(*report, identity->device_der, expected_nonce); !st) return st.error();
  if (identity->pid != report->platform)
    return crypto("platform " + report->platform + " is not the SUDI certificate's PID " + identity->pid);
  return VerifiedIntegrity{std::move(report).value(), std::move(identity).value()};
}

}  // namespace attest::integrity
