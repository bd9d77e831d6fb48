// How each emulated profile looks from the outside: channel mode, prompt,
// banner, pager and the outputs of the commands the gate runs, rendered from
// the device facts. Pure functions: no sockets, no clocks, no files.
//
// The lab keeps this table itself instead of reading attest/profiles, so a
// bug in a profile cannot hide behind the same bug in its emulator.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "attest/lab/spec.hpp"

namespace attest::lab {

enum class PromptStyle {
  cisco,  // "sw1#"
  eos,    // "sw1>"
  junos,  // "netops@sw1> " (root: "root@sw1:RE:0% " until `cli`)
  unix,   // "admin@sw1:~$ " ("#" for root)
  avocent,  // "--:- / cli-> " (root: "[root@acs8048 ~]# " until `cli`)
  slc,      // "[sysadmin]> "
  digi_dal, // "connectit16> "
  netos,    // "#> "
  iosxr,    // "RP/0/RP0/CPU0:sw1#"
  apc,         // "apc>" (APC NMC; every answer starts with "E000: Success")
  raritan,     // "# " for admin, "> " for other users (Raritan Xerus CLI)
  servertech,  // "Switched PDU: " (Server Technology Sentry)
  geist,       // "admin@pdu-r01>" (Vertiv Geist IMD-03)
};

enum class Pager { none, cisco, junos };  // cisco: " --More-- ", junos: "---(more)---"

struct Traits {
  std::string_view name;
  std::string_view vendor;
  Mode mode;                   // default channel mode
  PromptStyle prompt;
  Pager pager;
  std::string_view paging_off; // command that disables paging ("" = none)
};

// nullptr when the lab does not emulate `profile`.
const Traits* find_traits(std::string_view profile);

// Output of one of the profile's known commands ('\n' line ends), or nullopt
// when the device would not know the command.
std::optional<std::string> render_command(const Traits& traits, const Facts& facts, std::string_view command);

// What an exec channel returns for `command`.
struct ExecResult {
  std::string out;
  std::string err;
  int status = 0;
};
ExecResult run_exec(const Traits& traits, const Facts& facts, std::string_view command);

// Interactive-shell pieces.
std::string banner(const Traits& traits, const Facts& facts, const std::string& user);
std::string prompt(const Traits& traits, const Facts& facts, const std::string& user, bool unix_shell);
// The device's complaint about an unknown command; `column` is where the
// command started on the terminal line (for the '^' marker).
std::string invalid_command(const Traits& traits, std::string_view command, bool unix_shell, std::size_t column);
// Commands every shell of the profile accepts without output of interest
// (paging off, terminal width): their output, or nullopt.
std::optional<std::string> builtin_command(const Traits& traits, std::string_view command);

}  // namespace attest::lab
