// `attest keygen`: not yet implemented (issue 4).
#include "attest/cli/commands.hpp"

namespace attest::cli {

ExitCode cmd_keygen(const Args&) { return report_error(make_error(ErrorKind::usage, "attest keygen: not implemented yet")); }

}  // namespace attest::cli
