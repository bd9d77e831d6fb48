#include "attest/util/result.hpp"

namespace attest {

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::usage: return "usage";
    case ErrorKind::input: return "input";
    case ErrorKind::io: return "io";
    case ErrorKind::refused: return "refused";
    case ErrorKind::timeout: return "timeout";
    case ErrorKind::auth: return "auth";
    case ErrorKind::protocol: return "protocol";
    case ErrorKind::parse: return "parse";
    case ErrorKind::crypto: return "crypto";
    case ErrorKind::internal: return "internal";
  }
  return "internal";
}

}  // namespace attest
