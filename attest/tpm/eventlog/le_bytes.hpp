// Little-endian cursor and appender for event-log structures (internal).
// Every field of the PC Client event log is little-endian (PFP 10.2), unlike
// TPM command marshaling, so tss2-mu's big-endian unmarshalers do not apply.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "attest/util/digest.hpp"

namespace attest::tpm::detail {

// A bounds-checked reader: every read either succeeds whole or returns
// nullopt and leaves the cursor unchanged.
class LeReader {
 public:
  explicit LeReader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

  std::size_t offset() const { return pos_; }
  std::size_t remaining() const { return bytes_.size() - pos_; }
  bool at_end() const { return pos_ == bytes_.size(); }

  std::optional<std::uint64_t> uint(std::size_t width) {
    if (remaining() < width) return std::nullopt;
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < width; ++i) v |= std::uint64_t{bytes_[pos_ + i]} << (8 * i);
    pos_ += width;
    return v;
  }
  std::optional<std::uint8_t> u8() { return narrow<std::uint8_t>(uint(1)); }
  std::optional<std::uint16_t> u16() { return narrow<std::uint16_t>(uint(2)); }
  std::optional<std::uint32_t> u32() { return narrow<std::uint32_t>(uint(4)); }
  std::optional<std::uint64_t> u64() { return uint(8); }

  // `size` bytes as a view into the input.
  std::optional<std::span<const std::uint8_t>> take(std::uint64_t size) {
    if (size > remaining()) return std::nullopt;
    const auto n = static_cast<std::size_t>(size);
    auto out = bytes_.subspan(pos_, n);
    pos_ += n;
    return out;
  }

 private:
  template <typename T>
  static std::optional<T> narrow(std::optional<std::uint64_t> v) {
    if (!v) return std::nullopt;
    return static_cast<T>(*v);
  }

  std::span<const std::uint8_t> bytes_;
  std::size_t pos_ = 0;
};

inline void put_le(Bytes& out, std::uint64_t v, std::size_t width) {
  for (std::size_t i = 0; i < width; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
inline void put_bytes(Bytes& out, std::span<const std::uint8_t> b) { out.insert(out.end(), b.begin(), b.end()); }
inline void put_text(Bytes& out, std::string_view s) { out.insert(out.end(), s.begin(), s.end()); }

// "0x" + `width` lower-case hex digits (0x000b, 0x00000045).
inline std::string hex_field(std::uint32_t v, int width) {
  static const char* digits = "0123456789abcdef";
  std::string out = "0x";
  for (int i = width - 1; i >= 0; --i) out += digits[(v >> (4 * i)) & 0xf];
  return out;
}

inline std::string_view as_text(std::span<const std::uint8_t> b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

}  // namespace attest::tpm::detail
