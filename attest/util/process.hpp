// Child processes without a shell: argv arrays only (no quoting, no injection),
// a deadline on every run, and capped output.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include "attest/util/clock.hpp"
#include "attest/util/result.hpp"

namespace attest {

struct ProcessOutput {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;     // stdout, at most the cap
  std::string err;     // stderr, at most the cap
};

struct ProcessOptions {
  std::map<std::string, std::string> env;  // added to (or replacing in) the current environment
  Millis timeout{10000};                   // killed (SIGKILL) when it passes: ErrorKind::timeout
  std::size_t max_output = 4u << 20;       // per stream; more is an ErrorKind::input error
  std::string stdin_data;                  // written to the child's stdin, then closed
};

// Runs argv[0] (searched in PATH when it has no '/') to completion.
// An Error only when it could not run, timed out or printed too much; a
// non-zero exit is a normal result for the caller to judge.
Result<ProcessOutput> run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

}  // namespace attest
