// SSH_MSG_USERAUTH_FAILURE (RFC 4252 §5.1), read from the bytes of a
// message buffer: libssh2 reports a failed password or keyboard-interactive
// request as one error code, partial success included, so the session reads
// the server's answer itself (see session.cpp). Pure.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace attest::ssh {

struct UserauthFailure {
  std::vector<std::string> methods;  // "authentications that can continue"
  bool partial_success = false;      // the request's secret was right; another factor is wanted
};

// The message at the start of `data` (`size` bytes of an allocation that may
// be longer than the message): byte 51, a name-list of printable ASCII
// method names, a boolean 0 or 1. nullopt for anything else.
std::optional<UserauthFailure> parse_userauth_failure(const unsigned char* data, std::size_t size);

}  // namespace attest::ssh
