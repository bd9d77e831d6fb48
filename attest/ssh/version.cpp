#include "attest/ssh/version.hpp"

#include <libssh2.h>

#include "attest/ssh/session.hpp"

namespace attest::ssh {

namespace {

std::string method(LIBSSH2_SESSION* raw, int type) {
  const char* name = libssh2_session_methods(raw, type);
  return name == nullptr ? std::string() : std::string(name);
}

}  // namespace

std::string libssh2_runtime_version() {
  const char* version = libssh2_version(0);
  return version == nullptr ? std::string() : std::string(version);
}

std::string libssh2_build_version() { return LIBSSH2_VERSION; }

NegotiatedAlgorithms negotiated_algorithms(const Session& session) {
  LIBSSH2_SESSION* raw = session.raw();
  return NegotiatedAlgorithms{method(raw, LIBSSH2_METHOD_KEX),      method(raw, LIBSSH2_METHOD_HOSTKEY),
                              method(raw, LIBSSH2_METHOD_CRYPT_CS), method(raw, LIBSSH2_METHOD_CRYPT_SC),
                              method(raw, LIBSSH2_METHOD_MAC_CS),   method(raw, LIBSSH2_METHOD_MAC_SC),
                              method(raw, LIBSSH2_METHOD_COMP_CS),  method(raw, LIBSSH2_METHOD_COMP_SC)};
}

}  // namespace attest::ssh
