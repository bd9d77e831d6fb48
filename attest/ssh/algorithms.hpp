// What attest itself may offer in a key exchange: libssh2's algorithms minus
// what the device's posture policy forbids, so no credential ever crosses a
// channel the policy forbids. Pure; the collector passes the result to
// libssh2_session_method_pref per method class.
#pragma once

#include <string>
#include <vector>

#include "attest/core/evidence.hpp"

namespace attest::ssh {

// `supported_in_preference_order` without the names in `forbidden`, order
// kept. Empty means: nothing allowed, do not connect with this class.
std::vector<std::string> allowed_client_algorithms(const std::vector<std::string>& supported_in_preference_order,
                                                   const std::vector<std::string>& forbidden);

// The RFC 4251 §5 name-list form libssh2_session_method_pref takes ("a,b,c").
std::string join_name_list(const std::vector<std::string>& names);

// What attest will offer per class (client to server and back alike).
struct ClientAlgorithms {
  std::vector<std::string> kex, host_key, ciphers, macs;
};

// Pure: "" when every class has a name both the server offers (RFC 4253
// §7.1: kex, host key, and each direction of cipher and MAC) and attest
// allows; else why not, for SshServerPosture::refused_by_policy
// ("no cipher (server to client) offered by the server is allowed: 3des-cbc").
std::string no_common_algorithm(const KexInitLists& offered, const ClientAlgorithms& allowed);

}  // namespace attest::ssh
