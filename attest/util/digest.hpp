// SHA-256 and encodings, through OpenSSL's EVP interface.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace attest {

using Bytes = std::vector<std::uint8_t>;

Bytes sha256(std::string_view data);
std::string sha256_hex(std::string_view data);
std::string to_hex(const std::uint8_t* data, std::size_t size);
inline std::string to_hex(const Bytes& b) { return to_hex(b.data(), b.size()); }
// Standard base64 (RFC 4648) without line breaks; `pad` adds trailing '='.
std::string base64(const std::uint8_t* data, std::size_t size, bool pad = true);
// OpenSSH's fingerprint form of a raw host key blob: "SHA256:" + unpadded base64.
std::string openssh_fingerprint(std::string_view key_blob);

}  // namespace attest
