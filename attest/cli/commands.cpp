#include "attest/cli/commands.hpp"

#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>

#include "attest_git_commit.hpp"

namespace attest::cli {

const char* tool_version() { return ATTEST_VERSION; }
const char* git_commit() { return ATTEST_GIT_COMMIT; }

const std::vector<Command>& all_commands() {
  static const std::vector<Command> kCommands = {
      {"rack", "run the gate over an inventory's devices and write report.json", cmd_rack},
      {"enroll", "enroll TPM-equipped devices: EK chain, AK, credential activation -> enrollment file", cmd_enroll},
      {"pin", "read and print the host keys of unpinned devices; write a pinned inventory", cmd_pin},
      {"db", "golden database tools: `db lint DIR`, `db sign --key K DIR`", cmd_db},
      {"firmware", "vendor output tools: `firmware parse --profile P FILE`", cmd_firmware},
      {"demo", "run the gate against the emulated demo rack (attest-lab)", cmd_demo},
      {"quote", "TPM quote tools: `quote verify` (a stricter tpm2_checkquote)", cmd_quote},
      {"exposure", "from a network that must not reach the management plane: `exposure --inventory F --vantage NAME --out DIR` (management-acl)", cmd_exposure},
      {"boot", "golden boot values: `boot golden --eventlog L --model M --firmware V --out F` from a reference machine", cmd_boot},
      {"eventlog", "measured-boot event logs: `eventlog show FILE` (every event), `eventlog replay FILE` (PCRs per bank)", cmd_eventlog},
      {"agent", "device side: quote / read EK / activate credential on the local TPM", cmd_agent},
      {"gate", "may this device be promoted? checks a signed report: `gate --report R --pubkey K --device D`", cmd_gate},
      {"keygen", "create an Ed25519 signing key (private 0600, public PEM beside it)", cmd_keygen},
      {"waivers", "signed waivers: `waivers sign` (approvers), `waivers verify` (signature, content, what is in force)", cmd_waivers},
      {"report", "report tools: `report verify` (its signature), `report html`, `report junit` (exports), `report merge` (shards)", cmd_report},
      {"inventory", "write an inventory from NetBox: `inventory import netbox --url U --token-file F --site S --map M --out O`", cmd_inventory},
      {"ledger", "run ledger tools: `ledger verify FILE` (hash chain of every run)", cmd_ledger},
  };
  return kCommands;
}

ExitCode report_error(const Error& error) {
  std::cerr << "attest: " << error.message << "\n";
  switch (error.kind) {
    case ErrorKind::usage:
    case ErrorKind::input:
    case ErrorKind::io:
    case ErrorKind::parse:
    case ErrorKind::crypto:
      return ExitCode::bad_input;
    default:
      return ExitCode::internal;
  }
}

namespace {

void print_usage(std::FILE* to) {
  std::fprintf(to, "usage: attest <command> [options]   (attest <command> --help for its options)\n\n");
  for (const auto& c : all_commands()) std::fprintf(to, "  %-10s %s\n", c.name, c.summary);
  std::fprintf(to, "\nexit codes: 0 all passed, 1 a device is blocked, 2 bad usage or input (nothing contacted),\n"
                   "            3 internal error or failure after contact, 130/143 interrupted (partial report)\n");
}

}  // namespace

int run(int argc, char** argv) {
  if (argc < 2) {
    print_usage(stderr);
    return code(ExitCode::bad_input);
  }
  const std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    print_usage(stdout);
    return code(ExitCode::pass);
  }
  if (name == "--version" || name == "version") {
    std::printf("attest %s (commit %s)\n", tool_version(), git_commit());
    return code(ExitCode::pass);
  }
  for (const auto& c : all_commands()) {
    if (name != c.name) continue;
    try {
      return code(c.handler(Args(argv + 2, argv + argc)));
    } catch (const std::exception& e) {
      std::cerr << "attest: internal error: " << e.what() << "\n";
      return code(ExitCode::internal);
    }
  }
  std::cerr << "attest: unknown command '" << name << "'\n";
  print_usage(stderr);
  return code(ExitCode::bad_input);
}

}  // namespace attest::cli
