#include "attest/util/encoding.hpp"

#include <array>

namespace attest {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// 0-63 for alphabet characters, -1 for anything else.
constexpr std::array<int, 256> make_table() {
  std::array<int, 256> t{};
  for (auto& v : t) v = -1;
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int>(i);
  return t;
}
constexpr std::array<int, 256> kTable = make_table();

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Error bad_base64(const std::string& why) { return make_error(ErrorKind::input, "base64: " + why); }

}  // namespace

Result<Bytes> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return bad_base64("length " + std::to_string(text.size()) + " is not a multiple of 4");
  std::size_t pad = 0;
  while (pad < 2 && pad < text.size() && text[text.size() - 1 - pad] == '=') ++pad;
  Bytes out;
  out.reserve(text.size() / 4 * 3);
  std::uint32_t acc = 0;
  const std::size_t data_chars = text.size() - pad;
  for (std::size_t i = 0; i < data_chars; ++i) {
    const int v = kTable[static_cast<unsigned char>(text[i])];
    if (v < 0) return bad_base64("invalid character at offset " + std::to_string(i));
    acc = acc << 6 | static_cast<std::uint32_t>(v);
    if (i % 4 == 3) {
      out.push_back(static_cast<std::uint8_t>(acc >> 16));
      out.push_back(static_cast<std::uint8_t>(acc >> 8));
      out.push_back(static_cast<std::uint8_t>(acc));
      acc = 0;
    }
  }
  // The last quantum: 2 chars + "==" carry 1 byte, 3 chars + "=" carry 2 bytes (RFC 4648, 4).
  if (pad == 2) {
    if (acc & 0xf) return bad_base64("non-zero bits in padding");
    out.push_back(static_cast<std::uint8_t>(acc >> 4));
  } else if (pad == 1) {
    if (acc & 0x3) return bad_base64("non-zero bits in padding");
    out.push_back(static_cast<std::uint8_t>(acc >> 10));
    out.push_back(static_cast<std::uint8_t>(acc >> 2));
  }
  return out;
}

Result<Bytes> hex_decode(std::string_view text) {
  if (text.size() % 2 != 0) return make_error(ErrorKind::input, "hex: odd number of digits");
  Bytes out;
  out.reserve(text.size() / 2);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int hi = hex_digit(text[i]);
    const int lo = hex_digit(text[i + 1]);
    if (hi < 0 || lo < 0) return make_error(ErrorKind::input, "hex: invalid digit at offset " + std::to_string(hi < 0 ? i : i + 1));
    out.push_back(static_cast<std::uint8_t>(hi << 4 | lo));
  }
  return out;
}

}  // namespace attest
