#include "attest/tpm/enroll/tpm_public.hpp"

#include <algorithm>
#include <array>
#include <string>

#include <tss2/tss2_mu.h>

#include "attest/tpm/pcr.hpp"
#include "attest/tpm/quote/public_key.hpp"

namespace attest::tpm::enroll_detail {

std::string to_hex_u16(std::uint16_t v) {
  const std::array<std::uint8_t, 2> b{static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v & 0xff)};
  return to_hex(b.data(), b.size());
}

Result<TPM2B_PUBLIC> unmarshal_public(std::span<const std::uint8_t> bytes, std::string_view what) {
  if (bytes.empty()) return make_error(ErrorKind::parse, std::string(what) + ": empty");
  auto pub = unmarshal_tpm2b_public(bytes);
  if (!pub) return make_error(ErrorKind::parse, std::string(what) + ": " + pub.error().message);
  return pub;
}


Bytes tpm2b(std::span<const std::uint8_t> data) {
  // Sized up front: GCC 12 -O2 reports a false -Warray-bounds on insert() after a 2-element init list.
  Bytes out(2 + data.size());
  out[0] = static_cast<std::uint8_t>(data.size() >> 8);
  out[1] = static_cast<std::uint8_t>(data.size() & 0xff);
  std::copy(data.begin(), data.end(), out.begin() + 2);
  return out;
}

}  // namespace attest::tpm::enroll_detail
