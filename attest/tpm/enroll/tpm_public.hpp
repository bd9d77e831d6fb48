// Internal helpers of the enrollment verifier over TPM public areas.
// MakeCredential needs the whole unmarshaled public area (symmetric
// definition, nameAlg, the raw ECC point); keys and names come from
// quote/public_key.hpp, the one conversion the project has.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <tss2/tss2_tpm2_types.h>

#include "attest/util/digest.hpp"
#include "attest/util/openssl_ptr.hpp"
#include "attest/util/result.hpp"

namespace attest::tpm::enroll_detail {

// Tss2_MU_TPM2B_PUBLIC_Unmarshal that must consume exactly all of `bytes`
// (Part 2 12.2.5). ErrorKind::parse on failure, `what` names the input.
Result<TPM2B_PUBLIC> unmarshal_public(std::span<const std::uint8_t> bytes, std::string_view what);

// "000b" for 0x000b, for messages.
std::string to_hex_u16(std::uint16_t v);

// Marshaled size-prefixed buffer (a TPM2B): u16 big-endian size || data.
Bytes tpm2b(std::span<const std::uint8_t> data);

// Bytes of a std::string_view / std::string span, for hash_with() callers.
inline std::string_view as_chars(std::span<const std::uint8_t> b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

}  // namespace attest::tpm::enroll_detail
