// Which libssh2 attest runs with.
// The report's `tool` section records the version: an auditor reading which
// algorithms a device was judged against needs to know the client's.
#pragma once

#include <string>

namespace attest::ssh {

// The libssh2 loaded at run time ("1.11.1"), as libssh2_version(0) says.
std::string libssh2_runtime_version();

// The libssh2 attest was compiled against (LIBSSH2_VERSION).
std::string libssh2_build_version();

}  // namespace attest::ssh
