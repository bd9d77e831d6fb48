// Exit codes: a stable contract with provisioning pipelines (README "Exit codes").
#pragma once

namespace attest::cli {

enum class ExitCode : int {
  pass = 0,       // every device passed
  blocked = 1,    // at least one device failed or could not be checked
  bad_input = 2,  // bad usage, or a bad inventory / DB / secrets / file
  internal = 3,   // a bug or an unexpected environment failure
};

inline int code(ExitCode c) { return static_cast<int>(c); }

}  // namespace attest::cli
