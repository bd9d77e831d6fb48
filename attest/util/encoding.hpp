// Strict decoders for base64 and hex (the encoders are in digest.hpp).
#pragma once

#include <string_view>

#include "attest/util/digest.hpp"
#include "attest/util/result.hpp"

namespace attest {

// Standard base64 (RFC 4648, section 4) with '=' padding, no whitespace. Any
// other character, a bad length, misplaced padding or non-zero pad bits are
// ErrorKind::input: one canonical text per byte string.
[[nodiscard]] Result<Bytes> base64_decode(std::string_view text);

// Hex digits, either case, even length. Anything else is ErrorKind::input.
[[nodiscard]] Result<Bytes> hex_decode(std::string_view text);

}  // namespace attest
