#include "attest/util/digest.hpp"

#include <openssl/evp.h>

namespace attest {

Bytes sha256(std::string_view data) {
  Bytes out(32);
  unsigned int len = 0;
  // EVP_Digest is a one-shot; it only fails on allocation failure.
  if (EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr) != 1) {
    out.clear();
  }
  return out;
}

std::string sha256_hex(std::string_view data) { return to_hex(sha256(data)); }

std::string to_hex(const std::uint8_t* data, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out.push_back(kDigits[data[i] >> 4]);
    out.push_back(kDigits[data[i] & 0x0f]);
  }
  return out;
}

std::string base64(const std::uint8_t* data, std::size_t size, bool pad) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((size + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < size; i += 3) {
    const unsigned v = (unsigned{data[i]} << 16) | (unsigned{data[i + 1]} << 8) | data[i + 2];
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], kAlphabet[v & 63]};
  }
  if (i + 1 == size) {
    const unsigned v = unsigned{data[i]} << 16;
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63]};
    if (pad) out += "==";
  } else if (i + 2 == size) {
    const unsigned v = (unsigned{data[i]} << 16) | (unsigned{data[i + 1]} << 8);
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63]};
    if (pad) out += "=";
  }
  return out;
}

std::string openssh_fingerprint(std::string_view key_blob) {
  const Bytes digest = sha256(key_blob);
  return "SHA256:" + base64(digest.data(), digest.size(), /*pad=*/false);
}

}  // namespace attest
