#include "attest/ssh/version.hpp"

#include <libssh2.h>

namespace attest::ssh {

std::string libssh2_runtime_version() {
  const char* version = libssh2_version(0);
  return version == nullptr ? std::string() : std::string(version);
}

std::string libssh2_build_version() { return LIBSSH2_VERSION; }

}  // namespace attest::ssh
