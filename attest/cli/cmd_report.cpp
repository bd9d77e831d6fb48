// `attest report`: not yet implemented (issue 4).
#include "attest/cli/commands.hpp"

namespace attest::cli {

ExitCode cmd_report(const Args&) { return report_error(make_error(ErrorKind::usage, "attest report: not implemented yet")); }

}  // namespace attest::cli
