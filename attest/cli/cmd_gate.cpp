// `attest gate`: not yet implemented (issue 4).
#include "attest/cli/commands.hpp"

namespace attest::cli {

ExitCode cmd_gate(const Args&) { return report_error(make_error(ErrorKind::usage, "attest gate: not implemented yet")); }

}  // namespace attest::cli
