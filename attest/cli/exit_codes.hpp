// Exit codes: a stable contract with provisioning pipelines (README "Exit codes").
#pragma once

namespace attest::cli {

enum class ExitCode : int {
  pass = 0,       // every device passed
  blocked = 1,    // at least one device failed or could not be checked
  bad_input = 2,  // bad usage or input, before any device was contacted
  internal = 3,   // a bug, or any failure after devices were contacted (report write, ledger, signing)
  interrupted_sigint = 130,   // 128 + SIGINT: a partial report was written
  interrupted_sigterm = 143,  // 128 + SIGTERM: a partial report was written
};

inline int code(ExitCode c) { return static_cast<int>(c); }

}  // namespace attest::cli
