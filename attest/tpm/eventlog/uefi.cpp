// UEFI event-data structures: encoders and bounds-checked decoders.
#include "attest/tpm/eventlog/uefi.hpp"

#include <algorithm>

#include "attest/tpm/eventlog/le_bytes.hpp"

namespace attest::tpm {
namespace {

using detail::LeReader;
using detail::put_bytes;
using detail::put_le;

// UTF-8 of one UCS-2 code unit; control characters and lone surrogates become '?'.
void append_utf8(std::string& out, std::uint16_t c) {
  if (c < 0x20 || c == 0x7f || (c >= 0xd800 && c <= 0xdfff)) {
    out += '?';
  } else if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xc0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3f));
  } else {
    out += static_cast<char>(0xe0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (c & 0x3f));
  }
}

std::string decode_ucs2(std::span<const std::uint8_t> bytes) {
  std::string out;
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
    const auto c = static_cast<std::uint16_t>(bytes[i] | (bytes[i + 1] << 8));
    if (c == 0) break;
    append_utf8(out, c);
  }
  return out;
}

std::string decode_ascii(std::span<const std::uint8_t> bytes) {
  std::string out;
  for (const std::uint8_t b : bytes) {
    if (b == 0) break;
    out += (b < 0x20 || b == 0x7f) ? '?' : static_cast<char>(b);
  }
  return out;
}

// Decodes UTF-8 into UCS-2 code units (BMP); invalid sequences become '?'.
std::u16string utf8_to_ucs2(std::string_view text) {
  std::u16string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    const std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xe ? 3 : 0;
    if (n == 0 || i + n > text.size()) {
      out += u'?';
      ++i;
      continue;
    }
    unsigned c = n == 1 ? b : n == 2 ? (b & 0x1fu) : (b & 0x0fu);
    for (std::size_t k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3fu);
    out += static_cast<char16_t>(c);
    i += n;
  }
  return out;
}

}  // namespace

std::optional<UefiVariable> decode_uefi_variable(std::span<const std::uint8_t> bytes) {
  LeReader r(bytes);
  const auto guid = r.take(16);
  const auto name_chars = r.u64();
  const auto data_size = r.u64();
  if (!guid || !name_chars || !data_size || *name_chars > r.remaining() / 2) return std::nullopt;
  const auto name = r.take(*name_chars * 2);
  const auto data = r.take(*data_size);
  if (!name || !data) return std::nullopt;
  UefiVariable v;
  std::copy(guid->begin(), guid->end(), v.guid.begin());
  v.name = decode_ucs2(*name);
  v.data.assign(data->begin(), data->end());
  return v;
}

Bytes encode_uefi_variable(const EfiGuid& guid, std::string_view name, std::span<const std::uint8_t> data) {
  const Bytes ucs2 = encode_ucs2(name, false);
  Bytes out;
  put_bytes(out, guid);
  put_le(out, ucs2.size() / 2, 8);
  put_le(out, data.size(), 8);
  put_bytes(out, ucs2);
  put_bytes(out, data);
  return out;
}

Bytes encode_ucs2(std::string_view text, bool nul_terminated) {
  Bytes out;
  for (const char16_t c : utf8_to_ucs2(text)) put_le(out, c, 2);
  if (nul_terminated) put_le(out, 0, 2);
  return out;
}

// UCS-2 when the length is even and the second byte is 0 (the high byte of
// an ASCII-range first character); ASCII otherwise. Firmware writes both.
std::string decode_firmware_string(std::span<const std::uint8_t> bytes) {
  const bool ucs2 = bytes.size() >= 2 && bytes.size() % 2 == 0 && bytes[1] == 0 && bytes[0] != 0;
  return ucs2 ? decode_ucs2(bytes) : decode_ascii(bytes);
}

Bytes encode_firmware_blob(std::uint64_t base, std::uint64_t length) {
  Bytes out;
  put_le(out, base, 8);
  put_le(out, length, 8);
  return out;
}

Bytes encode_image_load(std::uint64_t location, std::uint64_t length, std::string_view path) {
  // UEFI spec 10.3.5.4: media device path (type 4), file path (subtype 4),
  // u16 node length, CHAR16 path with NUL; then the end node 7f ff 04 00.
  const Bytes name = encode_ucs2(path, true);
  Bytes device_path = {0x04, 0x04};
  put_le(device_path, 4 + name.size(), 2);
  put_bytes(device_path, name);
  put_bytes(device_path, Bytes{0x7f, 0xff, 0x04, 0x00});
  Bytes out;
  put_le(out, location, 8);
  put_le(out, length, 8);
  put_le(out, 0, 8);  // ImageLinkTimeAddress
  put_le(out, device_path.size(), 8);
  put_bytes(out, device_path);
  return out;
}

}  // namespace attest::tpm
