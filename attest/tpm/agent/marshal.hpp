// TPM wire format <-> structures (tss2-mu), and the text encodings the agent's
// JSON uses. Pure functions over bytes.
#pragma once

#include <tss2/tss2_mu.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "attest/util/digest.hpp"
#include "attest/util/result.hpp"

namespace attest::tpm {

template <typename T>
using MarshalFn = TSS2_RC (*)(const T*, std::uint8_t*, std::size_t, std::size_t*);
template <typename T>
using UnmarshalFn = TSS2_RC (*)(const std::uint8_t*, std::size_t, std::size_t*, T*);

// TPM marshaling of `value` (big-endian, sized buffers as on the wire).
template <typename T>
Result<Bytes> marshal(const T& value, MarshalFn<T> fn, const char* type) {
  // A marshaled structure is never larger than its C struct (which holds
  // every buffer at its maximum size); the slack covers selectors.
  Bytes out(sizeof(T) + 16);
  std::size_t offset = 0;
  if (const TSS2_RC rc = fn(&value, out.data(), out.size(), &offset); rc != TSS2_RC_SUCCESS) {
    return make_error(ErrorKind::internal, std::string("marshaling ") + type + " failed: rc " + std::to_string(rc));
  }
  out.resize(offset);
  return out;
}

// Unmarshals exactly `bytes` (trailing bytes are an error: input is untrusted).
template <typename T>
Result<T> unmarshal(const Bytes& bytes, UnmarshalFn<T> fn, const char* type) {
  T value{};
  std::size_t offset = 0;
  if (fn(bytes.data(), bytes.size(), &offset, &value) != TSS2_RC_SUCCESS || offset != bytes.size()) {
    return make_error(ErrorKind::input, std::string("not a marshaled ") + type + " (" +
                                            std::to_string(bytes.size()) + " bytes)");
  }
  return value;
}

// Lower- or upper-case hex, even length; `what` names the input in errors.
Result<Bytes> from_hex(std::string_view text, const char* what);
// Standard base64 with padding, no whitespace (strict: attest/util/encoding.hpp).
Result<Bytes> from_base64(std::string_view text, const char* what);
inline std::string to_base64(const Bytes& b) { return base64(b.data(), b.size()); }

}  // namespace attest::tpm
