// Pure helpers over a raw SSH host key blob (RFC 4253 section 6.6): its type
// name and OpenSSH fingerprint, and the pin comparison.
#pragma once

#include <string>
#include <string_view>

namespace attest::ssh {

// The key type as the blob names it ("ssh-ed25519", "ecdsa-sha2-nistp256",
// "ssh-rsa"), or "" when the blob is too short to hold its own name.
std::string key_type_from_blob(std::string_view blob);

// The type name for libssh2's LIBSSH2_HOSTKEY_TYPE_* code; the fallback
// when the blob cannot be read.
std::string key_type_from_libssh2(int type);

// True when `fingerprint` equals the pin. Both are "SHA256:<base64>"; the
// base64 is case-sensitive. An empty pin never matches.
bool fingerprint_matches_pin(std::string_view fingerprint, std::string_view pin);

}  // namespace attest::ssh
