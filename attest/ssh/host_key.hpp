// Pure helpers over a raw SSH host key blob (RFC 4253 section 6.6): its type
// name and OpenSSH fingerprint, and the pin comparison.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attest/util/result.hpp"

namespace attest::ssh {

// The key type as the blob names it ("ssh-ed25519", "ecdsa-sha2-nistp256",
// "ssh-rsa"), or "" when the blob is too short to hold its own name.
std::string key_type_from_blob(std::string_view blob);

// A host key's type and strength, for the posture check.
struct HostKeyStrength {
  std::string type;  // as the blob names it
  int bits = 0;      // RSA modulus, DSA p, ECDSA curve (256/384/521), Ed25519 256, Ed448 456
};

// Pure: reads the type and size from the blob (ssh-rsa and ssh-dss: RFC 4253
// section 6.6; ecdsa-sha2-*: RFC 5656 section 3.1, sized by its curve name;
// ssh-ed25519 / ssh-ed448: RFC 8709). Other types and damaged blobs are errors.
[[nodiscard]] Result<HostKeyStrength> host_key_strength(std::string_view blob);

// The type name for libssh2's LIBSSH2_HOSTKEY_TYPE_* code; the fallback
// when the blob cannot be read.
std::string key_type_from_libssh2(int type);

// The index of the pin `fingerprint` equals, if any. Both are
// "SHA256:<base64>"; the base64 is case-sensitive. An empty pin never matches.
std::optional<std::size_t> matching_pin(std::string_view fingerprint, const std::vector<std::string>& pins);

inline bool fingerprint_matches_pin(std::string_view fingerprint, const std::vector<std::string>& pins) {
  return matching_pin(fingerprint, pins).has_value();
}

}  // namespace attest::ssh
