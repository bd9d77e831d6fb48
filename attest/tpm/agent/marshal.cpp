#include "attest/tpm/agent/marshal.hpp"

#include "attest/util/encoding.hpp"

namespace attest::tpm {

// The strict shared decoders, with the input named in the message.
Result<Bytes> from_hex(std::string_view text, const char* what) {
  auto out = hex_decode(text);
  if (!out) return make_error(ErrorKind::input, std::string(what) + ": " + out.error().message);
  return out;
}

Result<Bytes> from_base64(std::string_view text, const char* what) {
  auto out = base64_decode(text);
  if (!out) return make_error(ErrorKind::input, std::string(what) + ": " + out.error().message);
  return out;
}

}  // namespace attest::tpm
