// verify_quote: every check a verifier must make itself (REFERENCE.md "TPM
// 2.0"), in a fixed order, each failure with its own message.
#include <openssl/rsa.h>

#include <algorithm>

#include "attest/tpm/quote/quote.hpp"
#include "attest/util/openssl_ptr.hpp"

namespace attest::tpm {
namespace {

Error fail(std::string message) { return make_error(ErrorKind::crypto, "quote rejected: " + std::move(message)); }

std::string hex_u32(std::uint32_t v) {
  const Bytes b{static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
                static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
  return "0x" + to_hex(b);
}

// Explicitly fetched digests, kept for the life of the process: OpenSSL 3's
// implicit fetch (EVP_sha256() into an init call) costs a locked name lookup
// on every call, a visible share of one verification (bench/).
const EVP_MD* md_of(std::uint16_t alg) {
  static EVP_MD* const sha1 = EVP_MD_fetch(nullptr, "SHA1", nullptr);
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  static EVP_MD* const sha384 = EVP_MD_fetch(nullptr, "SHA384", nullptr);
  static EVP_MD* const sha512 = EVP_MD_fetch(nullptr, "SHA512", nullptr);
  switch (alg) {
    case kAlgSha1: return sha1;
    case kAlgSha256: return sha256;
    case kAlgSha384: return sha384;
    case kAlgSha512: return sha512;
    default: return nullptr;
  }
}

std::string hash_name(std::uint16_t alg) {
  const char* n = hash_alg_name(alg);
  return n ? n : "hash alg " + std::to_string(alg);
}

Status check_scheme(const ParsedSignature& sig, EVP_PKEY* ak, const QuotePolicy& policy) {
  if (!policy.allowed_sig_schemes.count(sig.sig_alg)) return fail("signature scheme " + sig_alg_name(sig.sig_alg) + " is not allowed");
  if (!policy.allowed_hashes.count(sig.hash_alg) || !md_of(sig.hash_alg)) {
    return fail("signature hash " + hash_name(sig.hash_alg) + " is not allowed");
  }
  const bool rsa_scheme = sig.sig_alg == kAlgRsassa || sig.sig_alg == kAlgRsapss;
  const int key_type = EVP_PKEY_get_base_id(ak);
  if (rsa_scheme ? key_type != EVP_PKEY_RSA : key_type != EVP_PKEY_EC) {
    return fail("signature scheme " + sig_alg_name(sig.sig_alg) + " does not match the AK's key type (" +
                (key_type == EVP_PKEY_RSA ? "RSA" : key_type == EVP_PKEY_EC ? "EC" : "other") + ")");
  }
  return ok_status();
}

// RSASSA-PKCS1-v1_5, RSASSA-PSS or ECDSA over the attest bytes (Part 1, annex
// B.7 and C.7). For PSS the salt length is detected on verify: TPMs use the
// digest length or the maximum the key allows, both are accepted.
Status check_signature(const ParsedSignature& sig, std::span<const std::uint8_t> attest, EVP_PKEY* ak) {
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;  // owned by ctx
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, md_of(sig.hash_alg), nullptr, ak) != 1) {
    return make_error(ErrorKind::internal, "EVP_DigestVerifyInit: " + openssl_error_text());
  }
  if (sig.sig_alg == kAlgRsapss && (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
                                    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_AUTO) != 1)) {
    return make_error(ErrorKind::internal, "EVP_PKEY_CTX_set_rsa_pss_saltlen: " + openssl_error_text());
  }
  if (EVP_DigestVerify(ctx.get(), sig.signature.data(), sig.signature.size(), attest.data(), attest.size()) != 1) {
    const std::string detail = openssl_error_text();
    return fail("the signature does not verify with the AK (" + sig_alg_name(sig.sig_alg) + "/" +
                hash_name(sig.hash_alg) + ": " + detail + ")");
  }
  return ok_status();
}

Status check_pcrs(const ParsedQuote& q, std::uint16_t hash_alg, const PcrValues& pcrs, const QuotePolicy& policy) {
  for (const auto& [alg, wanted] : policy.required) {
    const auto bank = q.pcr_selection.find(alg);
    for (unsigned pcr : wanted) {
      if (bank == q.pcr_selection.end() || !bank->second.count(pcr)) {
        return fail("required PCR " + hash_name(alg) + ":" + std::to_string(pcr) + " is not in the quote's selection " +
                    to_string(q.pcr_selection));
      }
    }
  }
  for (const auto& bank : q.pcr_banks) {
    for (unsigned pcr : bank.pcrs) {
      const auto b = pcrs.find(bank.alg);
      if (b == pcrs.end() || !b->second.count(pcr)) {
        return fail("no value supplied for quoted PCR " + hash_name(bank.alg) + ":" + std::to_string(pcr));
      }
    }
  }
  if (quote_pcr_digest(hash_alg, q.pcr_banks, pcrs) != q.pcr_digest) {
    return fail("pcrDigest " + to_hex(q.pcr_digest) + " does not match the supplied PCR values");
  }
  return ok_status();
}

Status check_counters(const ParsedQuote& q, const QuotePolicy& policy) {
  const ClockInfo& c = q.clock_info;
  if (policy.require_safe_clock && !c.safe) return fail("clockInfo.safe is 0 (the TPM clock may have gone backwards)");
  if (policy.min_reset_count && c.reset_count < *policy.min_reset_count) {
    return fail("resetCount went backwards: " + std::to_string(c.reset_count) + " < " +
                std::to_string(*policy.min_reset_count));
  }
  const bool same_boot = !policy.min_reset_count || c.reset_count == *policy.min_reset_count;
  if (same_boot && policy.min_restart_count && c.restart_count < *policy.min_restart_count) {
    return fail("restartCount went backwards: " + std::to_string(c.restart_count) + " < " +
                std::to_string(*policy.min_restart_count));
  }
  return ok_status();
}

PcrValues quoted_values(const ParsedQuote& q, const PcrValues& pcrs) {
  PcrValues out;
  for (const auto& bank : q.pcr_banks)
    for (unsigned pcr : bank.pcrs) out[bank.alg][pcr] = pcrs.at(bank.alg).at(pcr);
  return out;
}

}  // namespace

Bytes quote_pcr_digest(std::uint16_t alg, const PcrBankList& selection, const PcrValues& pcrs) {
  const EVP_MD* md = md_of(alg);
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (!md || !ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1) return {};
  for (const auto& bank : selection) {
    const auto b = pcrs.find(bank.alg);
    for (unsigned pcr : bank.pcrs) {  // std::set: ascending, as the TPM walks the bitmap
      if (b == pcrs.end() || !b->second.count(pcr)) return {};
      const Bytes& v = b->second.at(pcr);
      if (EVP_DigestUpdate(ctx.get(), v.data(), v.size()) != 1) return {};
    }
  }
  Bytes out(static_cast<std::size_t>(EVP_MD_get_size(md)));
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx.get(), out.data(), &len) != 1 || len != out.size()) return {};
  return out;
}

Result<VerifiedQuote> verify_quote(std::span<const std::uint8_t> attest, std::span<const std::uint8_t> signature,
                                   const PcrValues& pcrs, EVP_PKEY* ak, const QuotePolicy& policy) {
  if (!ak) return make_error(ErrorKind::internal, "verify_quote: no AK public key");
  // extraData is the only freshness a quote has: without a nonce any old quote would do.
  if (policy.nonce.empty()) return make_error(ErrorKind::usage, "no nonce to verify the quote against: it could be a replay");
  auto sig = parse_signature(signature);
  if (!sig) return sig.error();
  auto quote = parse_quote(attest);
  if (!quote) return quote.error();
  if (auto st = check_scheme(*sig, ak, policy); !st) return st.error();
  if (auto st = check_signature(*sig, attest, ak); !st) return st.error();
  const ParsedQuote& q = *quote;
  if (q.magic != kTpmGeneratedValue) return fail("magic " + hex_u32(q.magic) + " is not TPM_GENERATED_VALUE 0xff544347");
  if (q.type != kStAttestQuote) return fail("type " + hex_u32(q.type) + " is not TPM_ST_ATTEST_QUOTE 0x00008018");
  if (q.extra_data != policy.nonce) {
    return fail("extraData " + to_hex(q.extra_data) + " is not the nonce " + to_hex(policy.nonce));
  }
  if (auto st = check_pcrs(q, sig->hash_alg, pcrs, policy); !st) return st.error();
  if (auto st = check_counters(q, policy); !st) return st.error();
  if (policy.expected_signer_name && q.qualified_signer != *policy.expected_signer_name) {
    return fail("qualifiedSigner " + to_hex(q.qualified_signer) + " is not the enrolled AK " +
                to_hex(*policy.expected_signer_name));
  }
  VerifiedQuote v;
  v.sig_alg = sig->sig_alg;
  v.hash_alg = sig->hash_alg;
  v.pcrs = quoted_values(q, pcrs);
  v.reset_count = q.clock_info.reset_count;
  v.restart_count = q.clock_info.restart_count;
  v.clock = q.clock_info.clock;
  v.firmware_version = q.firmware_version;
  v.rebooted = policy.min_reset_count && q.clock_info.reset_count > *policy.min_reset_count;
  v.quote = std::move(*quote);
  return v;
}

}  // namespace attest::tpm
