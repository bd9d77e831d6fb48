// Host keys (loaded, or generated once and kept so pins stay stable) and the
// public keys accounts authorize.
#pragma once

#include <string>

#include "attest/lab/ssh_handles.hpp"
#include "attest/util/result.hpp"

namespace attest::lab {

struct HostKey {
  KeyPtr key;
  std::string fingerprint;  // "SHA256:..." as OpenSSH prints it
};

// Loads an OpenSSH private key; when `path` does not exist, generates an
// ed25519 key and writes it there with mode 0600.
Result<HostKey> load_or_create_host_key(const std::string& path);

// Loads a one-line OpenSSH public key (.pub).
Result<KeyPtr> load_public_key(const std::string& path);

// OpenSSH fingerprint of the public half of `key`.
Result<std::string> fingerprint(ssh_key key);

}  // namespace attest::lab
