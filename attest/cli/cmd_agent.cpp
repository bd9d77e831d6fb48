// Placeholder until the real handler lands.
#include "attest/cli/commands.hpp"

namespace attest::cli {

ExitCode cmd_agent(const Args&) {
  return report_error(make_error(ErrorKind::internal, "attest agent: not implemented yet"));
}

}  // namespace attest::cli
