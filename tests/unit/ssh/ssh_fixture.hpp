// Captured server bytes (tests/fixtures/ssh, see its README) and SSH wire
// encoders for hand-made packets in the SSH unit tests.
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "attest/util/files.hpp"

namespace attest::testing {

inline std::string ssh_capture(const std::string& name) {
  auto text = read_file(std::string(ATTEST_SOURCE_DIR) + "/tests/fixtures/ssh/" + name);
  REQUIRE_MESSAGE(text.ok(), text.error().message);
  return *text;
}

inline std::string be32(std::uint32_t n) {
  std::string out;
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((n >> shift) & 0xff);
  return out;
}

// RFC 4251 §5 string.
inline std::string ssh_string(const std::string& s) { return be32(static_cast<std::uint32_t>(s.size())) + s; }

// A KEXINIT payload (RFC 4253 §7.1) from ten comma-joined name-lists.
inline std::string kexinit_payload(const std::vector<std::string>& lists, char follows = 0) {
  std::string out(1, '\x14');
  out += std::string(16, 'c');
  for (const auto& l : lists) out += ssh_string(l);
  return out + follows + be32(0);
}

// An unencrypted binary packet (RFC 4253 §6) around `payload`.
inline std::string ssh_packet(const std::string& payload, std::size_t padding = 4) {
  return be32(static_cast<std::uint32_t>(payload.size() + padding + 1)) + static_cast<char>(padding) + payload +
         std::string(padding, '\0');
}

inline std::vector<std::string> ten_lists() {
  return {"curve25519-sha256", "ssh-ed25519", "aes128-ctr", "aes128-ctr", "hmac-sha2-256", "hmac-sha2-256",
          "none", "none", "", ""};
}

}  // namespace attest::testing
