#include "attest/tpm/enroll/kdf.hpp"

#include <openssl/evp.h>

#include "attest/tpm/enroll/tpm_public.hpp"
#include "attest/tpm/pcr.hpp"
#include "attest/util/openssl_ptr.hpp"

namespace attest::tpm::enroll_detail {
namespace {

void append_u32(Bytes& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

void append(Bytes& out, std::span<const std::uint8_t> b) { out.insert(out.end(), b.begin(), b.end()); }

// label || 0x00: the TPM hashes the label's terminating NUL (Part 1 11.4.10.2).
void append_label(Bytes& out, std::string_view label) {
  out.insert(out.end(), label.begin(), label.end());
  out.push_back(0);
}

Result<std::size_t> checked_sizes(std::uint16_t hash_alg, std::size_t bits) {
  const std::size_t digest = hash_alg_size(hash_alg);
  if (digest == 0 || hash_alg_name(hash_alg) == nullptr) {
    return make_error(ErrorKind::crypto, "unsupported hash algorithm 0x" + to_hex_u16(hash_alg));
  }
  if (bits == 0 || bits % 8 != 0 || bits > 8 * 1024) {
    return make_error(ErrorKind::internal, "KDF output of " + std::to_string(bits) + " bits");
  }
  return digest;
}

}  // namespace

Result<Bytes> hmac(std::uint16_t hash_alg, std::span<const std::uint8_t> key, std::span<const std::uint8_t> data) {
  const char* md = hash_alg_name(hash_alg);
  if (md == nullptr) return make_error(ErrorKind::crypto, "unsupported hash algorithm 0x" + to_hex_u16(hash_alg));
  Bytes out(EVP_MAX_MD_SIZE);
  std::size_t len = 0;
  if (EVP_Q_mac(nullptr, "HMAC", nullptr, md, nullptr, key.data(), key.size(), data.data(), data.size(), out.data(),
                out.size(), &len) == nullptr) {
    return make_error(ErrorKind::internal, "EVP_Q_mac(HMAC): " + openssl_error_text());
  }
  out.resize(len);
  return out;
}

Result<Bytes> kdf_a(std::uint16_t hash_alg, std::span<const std::uint8_t> key, std::string_view label,
                    std::span<const std::uint8_t> context_u, std::span<const std::uint8_t> context_v,
                    std::size_t bits) {
  auto digest = checked_sizes(hash_alg, bits);
  if (!digest) return digest.error();
  Bytes out;
  for (std::uint32_t i = 1; out.size() < bits / 8; ++i) {
    Bytes input;
    append_u32(input, i);
    append_label(input, label);
    append(input, context_u);
    append(input, context_v);
    append_u32(input, static_cast<std::uint32_t>(bits));
    auto k = hmac(hash_alg, key, input);
    if (!k) return k.error();
    append(out, *k);
  }
  out.resize(bits / 8);
  return out;
}

Result<Bytes> kdf_e(std::uint16_t hash_alg, std::span<const std::uint8_t> z, std::string_view label,
                    std::span<const std::uint8_t> party_u, std::span<const std::uint8_t> party_v, std::size_t bits) {
  auto digest = checked_sizes(hash_alg, bits);
  if (!digest) return digest.error();
  Bytes out;
  for (std::uint32_t i = 1; out.size() < bits / 8; ++i) {
    Bytes input;
    append_u32(input, i);
    append(input, z);
    append_label(input, label);
    append(input, party_u);
    append(input, party_v);
    const Bytes k = hash_with(hash_alg, as_chars(input));
    if (k.empty()) return make_error(ErrorKind::internal, "hash failed in KDFe");
    append(out, k);
  }
  out.resize(bits / 8);
  return out;
}

}  // namespace attest::tpm::enroll_detail
