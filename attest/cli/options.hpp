// Thin layer over Boost.Program_options: --help handling and usage errors as
// exit code 2, the same way for every subcommand.
#pragma once

#include <optional>

#include <boost/program_options.hpp>

#include "attest/cli/commands.hpp"

namespace attest::cli {

namespace po = boost::program_options;

struct ParsedOptions {
  po::variables_map vm;
  std::optional<ExitCode> done;  // set when --help was printed or parsing failed
};

ParsedOptions parse_options(const Args& args, const char* usage, po::options_description& desc,
                            const po::positional_options_description* positional = nullptr);

}  // namespace attest::cli
