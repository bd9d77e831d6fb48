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

std::optional<std::size_t> matching_pin(std::string_view fingerprint, const std::vector<std::string>& pins) {
  for (std::size_t i = 0; i < pins.size(); ++i) {
    if (!pins[i].empty() && fingerprint == pins[i]) return i;
  }
  return std::nullopt;
}

}  // namespace attest::ssh

namespace attest::ssh {
namespace {

// RFC 4251 section 5 `string`: uint32 length, then the bytes; advances `in`.
bool read_string(std::string_view& in, std::string_view& out) {
  if (in.size() < 4) return false;
  std::uint32_t len = 0;
  for (std::size_t i = 0; i < 4; ++i) len = (len << 8) | static_cast<std::uint8_t>(in[i]);
  if (len > in.size() - 4) return false;
  out = in.substr(4, len);
  in.remove_prefix(4 + len);
  return true;
}

// Bit length of an RFC 4251 mpint taken as unsigned (leading zero bytes
// carry the sign and do not count).
int mpint_bits(std::string_view m) {
  while (!m.empty() && m.front() == '\0') m.remove_prefix(1);
  if (m.empty()) return 0;
  int top = 0;
  for (auto b = static_cast<std::uint8_t>(m.front()); b != 0; b >>= 1) ++top;
  return static_cast<int>((m.size() - 1) * 8) + top;
}

Error bad_blob(const std::string& type, const char* what) {
  return make_error(ErrorKind::protocol, "host key " + type + ": " + what);
}

// The mpint at `index` (0-based) after the type name: RSA's n is the second
// (e, n), DSA's p the first (p, q, g, y).
Result<int> mpint_bits_at(std::string_view rest, int index, const std::string& type) {
  std::string_view field;
  for (int i = 0; i <= index; ++i) {
    if (!read_string(rest, field)) return bad_blob(type, "truncated");
  }
  const int bits = mpint_bits(field);
  if (bits == 0) return bad_blob(type, "zero-length key");
  return bits;
}

Result<int> ecdsa_bits(std::string_view rest, const std::string& type) {
  std::string_view curve;
  if (!read_string(rest, curve)) return bad_blob(type, "truncated");
  if (type != "ecdsa-sha2-" + std::string(curve)) return bad_blob(type, "curve name does not match the type");
  if (curve == "nistp256") return 256;
  if (curve == "nistp384") return 384;
  if (curve == "nistp521") return 521;
  return bad_blob(type, "unknown curve");
}

}  // namespace

Result<HostKeyStrength> host_key_strength(std::string_view blob) {
  std::string_view type_view;
  if (!read_string(blob, type_view) || type_view.empty()) {
    return make_error(ErrorKind::protocol, "host key blob has no type name");
  }
  const std::string type(type_view);
  Result<int> bits = bad_blob(type, "unsupported key type");
  if (type == "ssh-rsa") bits = mpint_bits_at(blob, 1, type);
  else if (type == "ssh-dss") bits = mpint_bits_at(blob, 0, type);
  else if (type.rfind("ecdsa-sha2-", 0) == 0) bits = ecdsa_bits(blob, type);
  else if (type == "ssh-ed25519") bits = 256;
  else if (type == "ssh-ed448") bits = 456;
  if (!bits) return bits.error();
  return HostKeyStrength{type, *bits};
}

}  // namespace attest::ssh
