// `attest ledger verify FILE [--json]`: is the run ledger's hash chain intact?
// Exit 0 intact (entries and head hash), 1 tampered (the first bad line and
// why), 2 unreadable file or bad usage.
#include <iostream>

#include <nlohmann/json.hpp>

#include "attest/cli/commands.hpp"
#include "attest/cli/options.hpp"
#include "attest/ledger/ledger.hpp"

namespace attest::cli {
namespace {

constexpr const char* kUsage = "attest ledger verify FILE [--json]";

void print_intact(const std::string& file, const ledger::LedgerState& state, bool json) {
  if (json) {
    std::cout << nlohmann::ordered_json{{"schema", "attest.ledger-verify/v1"}, {"file", file}, {"intact", true},
                                        {"entries", state.entries}, {"head_sha256", state.head_sha256}}
                     .dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
              << "\n";
    return;
  }
  std::cout << file << ": intact, " << state.entries << (state.entries == 1 ? " entry" : " entries") << ", head sha256 "
            << state.head_sha256 << "\n";
}

ExitCode print_tampered(const std::string& file, const ledger::LedgerState& state, bool json) {
  const ledger::LedgerProblem& p = *state.problem;
  if (json) {
    std::cout << nlohmann::ordered_json{{"schema", "attest.ledger-verify/v1"}, {"file", file}, {"intact", false},
                                        {"line", p.line}, {"reason", p.reason}, {"verified_entries", state.entries}}
                     .dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
              << "\n";
  }
  std::cerr << "attest: " << file << ": " << p.reason << "\n";
  return ExitCode::blocked;
}

}  // namespace

ExitCode cmd_ledger(const Args& args) {
  std::string action, file;
  bool json = false;
  po::options_description desc("attest ledger options");
  desc.add_options()
      ("action", po::value(&action)->required(), "verify")
      ("file", po::value(&file)->required(), "the ledger (JSON Lines, attest.ledger/v1)")
      ("json", po::bool_switch(&json), "print the result as JSON");
  po::positional_options_description pos;
  pos.add("action", 1).add("file", 1);
  auto parsed = parse_options(args, kUsage, desc, &pos);
  if (parsed.done) return *parsed.done;
  if (action != "verify") return report_error(make_error(ErrorKind::usage, "unknown ledger action '" + action + "' (try: verify)"));

  auto state = ledger::check_ledger_file(file);
  if (!state) return report_error(state.error());
  if (state->problem) return print_tampered(file, *state, json);
  print_intact(file, *state, json);
  return ExitCode::pass;
}

}  // namespace attest::cli
