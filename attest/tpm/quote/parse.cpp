// Unmarshalling of TPMS_ATTEST and TPMT_SIGNATURE with tss2-mu; conversion of
// ECDSA (r, s) to the DER form OpenSSL verifies.
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <tss2/tss2_mu.h>

#include <memory>

#include "attest/tpm/quote/quote.hpp"
#include "attest/util/openssl_ptr.hpp"

namespace attest::tpm {
namespace {

using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, OpenSslDeleter<ECDSA_SIG_free>>;

Error bad(const std::string& what, const std::string& detail) {
  return make_error(ErrorKind::parse, what + ": " + detail);
}

// Runs a Tss2_MU_*_Unmarshal that must consume exactly `bytes`.
template <typename T, typename Fn>
Result<T> unmarshal_exact(std::span<const std::uint8_t> bytes, Fn fn, const std::string& what) {
  T out{};
  std::size_t offset = 0;
  const TSS2_RC rc = fn(bytes.data(), bytes.size(), &offset, &out);
  if (rc != TSS2_RC_SUCCESS) {
    const Bytes code{static_cast<std::uint8_t>(rc >> 24), static_cast<std::uint8_t>(rc >> 16),
                     static_cast<std::uint8_t>(rc >> 8), static_cast<std::uint8_t>(rc)};
    return bad(what, "not a valid structure (" + std::to_string(bytes.size()) + " bytes, tss2-mu rc 0x" + to_hex(code) + ")");
  }
  if (offset != bytes.size()) {
    return bad(what, std::to_string(bytes.size() - offset) + " trailing bytes after the structure");
  }
  return out;
}

// TPMS_PCR_SELECTION bitmaps: bit n of octet k selects PCR 8k+n (Part 2, 10.6.2).
Result<PcrBankList> banks_of(const TPML_PCR_SELECTION& list) {
  PcrBankList out;
  for (std::size_t i = 0; i < list.count; ++i) {
    const TPMS_PCR_SELECTION& s = list.pcrSelections[i];
    PcrBank bank{s.hash, {}};
    for (unsigned octet = 0; octet < s.sizeofSelect; ++octet)
      for (unsigned bit = 0; bit < 8; ++bit)
        if (s.pcrSelect[octet] & (1u << bit)) bank.pcrs.insert(octet * 8 + bit);
    if (!bank.pcrs.empty() && *bank.pcrs.rbegin() > kMaxPcr) {
      return bad("quote message", "PCR index " + std::to_string(*bank.pcrs.rbegin()) + " out of range");
    }
    out.push_back(std::move(bank));
  }
  return out;
}

Result<Bytes> ecdsa_der(const TPMS_SIGNATURE_ECDSA& ecdsa) {
  EcdsaSigPtr sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(ecdsa.signatureR.buffer, ecdsa.signatureR.size, nullptr);
  BIGNUM* s = BN_bin2bn(ecdsa.signatureS.buffer, ecdsa.signatureS.size, nullptr);
  if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return make_error(ErrorKind::internal, "ECDSA_SIG_set0: " + openssl_error_text());
  }
  const int len = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (len <= 0) return make_error(ErrorKind::internal, "i2d_ECDSA_SIG: " + openssl_error_text());
  Bytes der(static_cast<std::size_t>(len));
  unsigned char* p = der.data();
  if (i2d_ECDSA_SIG(sig.get(), &p) != len) return make_error(ErrorKind::internal, "i2d_ECDSA_SIG: short write");
  return der;
}

}  // namespace

Result<ParsedQuote> parse_quote(std::span<const std::uint8_t> attest_bytes) {
  auto attest = unmarshal_exact<TPMS_ATTEST>(attest_bytes, Tss2_MU_TPMS_ATTEST_Unmarshal, "quote message");
  if (!attest) return attest.error();
  const TPMS_ATTEST& a = *attest;
  ParsedQuote q;
  q.magic = a.magic;
  q.type = a.type;
  q.qualified_signer.assign(a.qualifiedSigner.name, a.qualifiedSigner.name + a.qualifiedSigner.size);
  q.extra_data.assign(a.extraData.buffer, a.extraData.buffer + a.extraData.size);
  q.clock_info = {a.clockInfo.clock, a.clockInfo.resetCount, a.clockInfo.restartCount, a.clockInfo.safe != 0};
  q.firmware_version = a.firmwareVersion;
  if (a.type == TPM2_ST_ATTEST_QUOTE) {
    auto banks = banks_of(a.attested.quote.pcrSelect);
    if (!banks) return banks.error();
    q.pcr_banks = std::move(*banks);
    q.pcr_selection = to_selection(q.pcr_banks);
    const TPM2B_DIGEST& d = a.attested.quote.pcrDigest;
    q.pcr_digest.assign(d.buffer, d.buffer + d.size);
  }
  return q;
}

Result<ParsedSignature> parse_signature(std::span<const std::uint8_t> bytes) {
  auto sig = unmarshal_exact<TPMT_SIGNATURE>(bytes, Tss2_MU_TPMT_SIGNATURE_Unmarshal, "quote signature");
  if (!sig) return sig.error();
  ParsedSignature out;
  out.sig_alg = sig->sigAlg;
  switch (sig->sigAlg) {
    case TPM2_ALG_RSASSA:
    case TPM2_ALG_RSAPSS: {
      const TPMS_SIGNATURE_RSA& rsa = sig->signature.rsassa;  // rsapss has the same layout (Part 2, 11.3.1)
      out.hash_alg = rsa.hash;
      out.signature.assign(rsa.sig.buffer, rsa.sig.buffer + rsa.sig.size);
      return out;
    }
    case TPM2_ALG_ECDSA: {
      out.hash_alg = sig->signature.ecdsa.hash;
      auto der = ecdsa_der(sig->signature.ecdsa);
      if (!der) return der.error();
      out.signature = std::move(*der);
      return out;
    }
    default:
      return bad("quote signature", "unsupported signature scheme " + sig_alg_name(sig->sigAlg));
  }
}

std::string sig_alg_name(std::uint16_t alg) {
  switch (alg) {
    case kAlgRsassa: return "rsassa";
    case kAlgRsapss: return "rsapss";
    case kAlgEcdsa: return "ecdsa";
    default: {
      const Bytes id{static_cast<std::uint8_t>(alg >> 8), static_cast<std::uint8_t>(alg)};
      return "alg0x" + to_hex(id);
    }
  }
}

}  // namespace attest::tpm
