// Host keys (loaded, or generated once and kept so pins stay stable) and the
// public keys accounts authorize.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

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

// Generates, on up to `threads` threads, the keys of `paths` that do not
// exist yet: 10,000 new devices are 20,000 fsyncs, which one thread would
// wait for one after another. Errors name the first key that failed.
[[nodiscard]] Status create_missing_host_keys(const std::vector<std::string>& paths, std::size_t threads);

// Loads a one-line OpenSSH public key (.pub).
Result<KeyPtr> load_public_key(const std::string& path);

// OpenSSH fingerprint of the public half of `key`.
Result<std::string> fingerprint(ssh_key key);

}  // namespace attest::lab
