// Login credentials and retired credentials. Values here must never reach an
// output, a log line or an exception message.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace attest {

struct LoginCredential {
  std::string id;
  std::string username;
  std::optional<std::string> password;     // password (or keyboard-interactive answer)
  std::optional<std::string> private_key;  // path of a private key file (absolute after loading)
  std::optional<std::string> passphrase;   // for the private key
};

// A credential that was rotated, leaked or belonged to someone who left: it
// must not log in anywhere. Its password is never printed.
struct RetiredCredential {
  std::string id;
  std::string username;
  std::string password;
  std::string reason;  // free text, e.g. "leaked 2024-03 (INC-1234)"
};

struct Secrets {
  std::string path;
  std::map<std::string, LoginCredential> credentials;  // by id
  std::vector<RetiredCredential> retired;
};

}  // namespace attest
