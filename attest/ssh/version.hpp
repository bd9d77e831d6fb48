// Which libssh2 attest runs with, and what a finished handshake settled on.
// The report's `tool` section records the version: an auditor reading which
// algorithms a device was judged against needs to know the client's.
#pragma once

#include <string>

#include "attest/core/evidence.hpp"

namespace attest::ssh {

class Session;

// The libssh2 loaded at run time ("1.11.1"), as libssh2_version(0) says.
std::string libssh2_runtime_version();

// The libssh2 attest was compiled against (LIBSSH2_VERSION).
std::string libssh2_build_version();

// The methods libssh2 agreed on for `session` (libssh2_session_methods).
// A field is "" where libssh2 reports none; AEAD ciphers (AES-GCM) carry
// their MAC, so libssh2 may name no separate MAC for them.
NegotiatedAlgorithms negotiated_algorithms(const Session& session);

}  // namespace attest::ssh
