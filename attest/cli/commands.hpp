// The subcommand table: name, one-line summary, handler. Handlers return an
// exit code; errors are printed once, here in cli/.
#pragma once

#include <string>
#include <vector>

#include "attest/cli/exit_codes.hpp"
#include "attest/util/result.hpp"

namespace attest::cli {

using Args = std::vector<std::string>;  // arguments after the subcommand name

struct Command {
  const char* name;
  const char* summary;
  ExitCode (*handler)(const Args& args);
};

ExitCode cmd_rack(const Args& args);
ExitCode cmd_pin(const Args& args);
ExitCode cmd_db(const Args& args);
ExitCode cmd_firmware(const Args& args);
ExitCode cmd_demo(const Args& args);
ExitCode cmd_quote(const Args& args);
ExitCode cmd_enroll(const Args& args);
ExitCode cmd_agent(const Args& args);
ExitCode cmd_keygen(const Args& args);
ExitCode cmd_report(const Args& args);
ExitCode cmd_gate(const Args& args);
ExitCode cmd_ledger(const Args& args);
ExitCode cmd_eventlog(const Args& args);
ExitCode cmd_boot(const Args& args);
ExitCode cmd_exposure(const Args& args);
ExitCode cmd_waivers(const Args& args);
ExitCode cmd_inventory(const Args& args);

const std::vector<Command>& all_commands();
int run(int argc, char** argv);

// Prints "attest: <message>" to stderr and returns the exit code for its kind.
ExitCode report_error(const Error& error);

const char* tool_version();
const char* git_commit();  // the source commit built, "-dirty" with local changes

}  // namespace attest::cli
