#include "attest/ssh/algorithms.hpp"

#include <algorithm>

namespace attest::ssh {
namespace {

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// "" when some offered name is allowed, else the sentence naming the class.
std::string refusal(const char* what, const std::vector<std::string>& offered, const std::vector<std::string>& allowed) {
  for (const auto& name : offered) {
    if (contains(allowed, name)) return {};
  }
  return std::string("no ") + what + " offered by the server is allowed: " +
         (offered.empty() ? std::string("(none offered)") : join_name_list(offered));
}

// RFC 4253 §7.1: the client's first name the server also offers wins.
std::string first_common(const std::vector<std::string>& client, const std::vector<std::string>& server) {
  for (const auto& name : client) {
    if (contains(server, name)) return name;
  }
  return {};
}

// OpenSSH's AEAD ciphers carry their own tag: with them the MAC lists are
// not negotiated (OpenSSH PROTOCOL §1.6, PROTOCOL.chacha20poly1305).
// RFC 5647's AEAD_AES_*_GCM are different: they need the MAC of that name.
bool is_aead(const std::string& cipher) {
  return cipher == "chacha20-poly1305@openssh.com" || cipher == "aes128-gcm@openssh.com" ||
         cipher == "aes256-gcm@openssh.com";
}

std::string mac_refusal(const char* what, const std::vector<std::string>& offered_ciphers,
                        const std::vector<std::string>& offered_macs, const ClientAlgorithms& allowed) {
  if (is_aead(first_common(allowed.ciphers, offered_ciphers))) return {};
  return refusal(what, offered_macs, allowed.macs);
}

}  // namespace

std::vector<std::string> allowed_client_algorithms(const std::vector<std::string>& supported_in_preference_order,
                                                   const std::vector<std::string>& forbidden) {
  std::vector<std::string> out;
  for (const auto& name : supported_in_preference_order) {
    if (!contains(forbidden, name) && !contains(out, name)) out.push_back(name);
  }
  return out;
}

std::string join_name_list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

std::string no_common_algorithm(const KexInitLists& offered, const ClientAlgorithms& allowed) {
  const std::string reasons[] = {
      refusal("key exchange", offered.kex, allowed.kex),
      refusal("host key algorithm", offered.host_key, allowed.host_key),
      refusal("cipher (client to server)", offered.cipher_c2s, allowed.ciphers),
      refusal("cipher (server to client)", offered.cipher_s2c, allowed.ciphers),
      mac_refusal("MAC (client to server)", offered.cipher_c2s, offered.mac_c2s, allowed),
      mac_refusal("MAC (server to client)", offered.cipher_s2c, offered.mac_s2c, allowed),
  };
  std::string out;
  for (const auto& r : reasons) {
    if (!r.empty()) out += (out.empty() ? "" : "; ") + r;
  }
  return out;
}

}  // namespace attest::ssh
