#include "attest/ssh/host_key.hpp"

#include <libssh2.h>

#include <cstdint>

namespace attest::ssh {

std::string key_type_from_blob(std::string_view blob) {
  // string key_type: uint32 big-endian length, then the bytes.
  if (blob.size() < 4) return {};
  std::uint32_t len = 0;
  for (int i = 0; i < 4; ++i) {
    len = (len << 8) | static_cast<std::uint8_t>(blob[static_cast<std::size_t>(i)]);
  }
  if (len == 0 || len > 64 || len > blob.size() - 4) return {};
  return std::string(blob.substr(4, len));
}

std::string key_type_from_libssh2(int type) {
  switch (type) {
    case LIBSSH2_HOSTKEY_TYPE_RSA: return "ssh-rsa";
    case LIBSSH2_HOSTKEY_TYPE_DSS: return "ssh-dss";
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_256: return "ecdsa-sha2-nistp256";
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_384: return "ecdsa-sha2-nistp384";
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_521: return "ecdsa-sha2-nistp521";
    case LIBSSH2_HOSTKEY_TYPE_ED25519: return "ssh-ed25519";
    default: return "unknown";
  }
}

bool fingerprint_matches_pin(std::string_view fingerprint, std::string_view pin) {
  return !pin.empty() && fingerprint == pin;
}

}  // namespace attest::ssh
