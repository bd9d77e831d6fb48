// Host keys a site already has on file: an OpenSSH known_hosts file (plain
// and hashed "|1|salt|hash" names, "[host]:port", comma lists, markers) or
// ssh-keyscan output (the same line format, no markers). Host names are
// matched by libssh2's knownhost API, so hashed names work as OpenSSH hashes
// them; attest never sends a packet to read them.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "attest/util/result.hpp"

struct _LIBSSH2_SESSION;
struct _LIBSSH2_KNOWNHOSTS;

namespace attest::ssh {

enum class HostKeyFile { known_hosts, keyscan };

// One key the file lists for an endpoint.
struct ListedKey {
  std::string type;         // as the key blob names it, e.g. "ssh-ed25519"
  std::string fingerprint;  // "SHA256:..." (OpenSSH's form), from the blob
};

class KnownHosts {
 public:
  struct SessionDeleter {
    void operator()(_LIBSSH2_SESSION* session) const;
  };
  struct HostsDeleter {
    void operator()(_LIBSSH2_KNOWNHOSTS* hosts) const;
  };

  // Reads `text` (from `source`, named in errors with its line number). A
  // line that is neither a comment, a host key line nor (known_hosts only) an
  // @revoked / @cert-authority line is ErrorKind::input. Key types libssh2
  // cannot match (security keys, RSA1) are skipped and counted.
  [[nodiscard]] static Result<KnownHosts> parse(std::string_view text, const std::string& source, HostKeyFile form);
  // parse() of the file at `path` (size-capped).
  [[nodiscard]] static Result<KnownHosts> load(const std::string& path, HostKeyFile form);

  // The keys listed for address:port (port 22 is the bare name, any other
  // "[address]:port", as OpenSSH writes them), in file order, each once. A key
  // listed @revoked anywhere in the file is never returned: it must not
  // become a pin. @cert-authority keys sign host certificates; they are not
  // host keys and are never returned either.
  [[nodiscard]] Result<std::vector<ListedKey>> keys_for(const std::string& address, std::uint16_t port) const;

  std::size_t skipped_lines() const { return skipped_; }
  std::size_t revoked_keys() const { return revoked_.size(); }

 private:
  // One distinct key the collection holds, as libssh2 stores it.
  struct Entry {
    int key_type = 0;  // LIBSSH2_KNOWNHOST_KEY_*
    std::string base64;
    ListedKey listed;
  };

  [[nodiscard]] Status read_line(std::string_view line, std::size_t number, HostKeyFile form);
  [[nodiscard]] Status collect_entries();

  std::string source_;
  std::unique_ptr<_LIBSSH2_SESSION, SessionDeleter> session_;
  std::unique_ptr<_LIBSSH2_KNOWNHOSTS, HostsDeleter> hosts_;
  std::vector<Entry> entries_;
  std::set<std::string> revoked_;  // base64 key blobs
  std::size_t skipped_ = 0;
};

}  // namespace attest::ssh
