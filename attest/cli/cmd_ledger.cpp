// `attest ledger`: not yet implemented (issue 4).
#include "attest/cli/commands.hpp"

namespace attest::cli {

ExitCode cmd_ledger(const Args&) { return report_error(make_error(ErrorKind::usage, "attest ledger: not implemented yet")); }

}  // namespace attest::cli
