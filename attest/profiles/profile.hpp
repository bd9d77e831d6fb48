// A profile describes one kind of device: how to log in, which commands read
// its model/serial/version, how to parse their output and how its versions
// order. Adding a vendor = one profile entry + its parser + fixtures.
// Parsers are pure functions over bytes: no I/O, no clocks.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attest/util/result.hpp"

namespace attest {

enum class ChannelMode {
  exec,   // one SSH exec channel per command (Linux-like devices, EOS)
  shell,  // one interactive shell (pty); prompt learned, paging disabled first
};

// What a device says about itself.
struct DeviceFacts {
  std::string vendor;
  std::string model;
  std::string serial;
  std::string version;  // raw version string as the device prints it
};

// Outputs keyed by the exact command string that produced them.
using CommandOutputs = std::map<std::string, std::string>;

// The older forms of one command, for firmware that lacks the newer one
// (Junos before 14.2 has no `| display json`; a non-root Linux login may not
// read /sys/class/dmi/id/product_serial). Tried in order while the previous
// form failed; the parser gets the output of whichever answered.
struct CommandForms {
  std::string command;                    // one of Profile::commands
  std::vector<std::string> alternatives;  // the fallbacks, in the order tried
  // The parser copes when no form answers (generic-linux's sys_vendor: the
  // os-release NAME stands in); the attempts still go into the evidence.
  bool optional = false;
};

struct CommandFallbacks {
  std::vector<CommandForms> forms;
  // The device's CLI refusing a form in an output that did arrive (shell
  // channels have no exit status): the refusing line ("syntax error,
  // expecting <command>."), or nullopt when the output is an answer. Pure.
  // nullptr: only a failed command (exit status, I/O error) counts as refused.
  std::optional<std::string> (*refusal)(std::string_view output) = nullptr;
};

struct Profile {
  const char* name;     // "arista-eos"
  const char* vendor;   // "Arista"
  const char* scheme;   // version scheme name, see version.hpp
  ChannelMode mode;
  // Sent first in shell mode, output ignored (paging off, width).
  std::vector<std::string> setup_commands;
  // Read model/serial/version; every one must succeed.
  std::vector<std::string> commands;
  // Shell mode: if the first prompt ends with one of these characters the
  // login landed outside the CLI, in a Unix shell (Junos root: '%', ACS root:
  // '#') or a login menu (Digi DAL's access selection: ':'); send
  // `unix_shell_escape` ("cli", "a") and learn the prompt again.
  std::string unix_prompt_chars;
  std::string unix_shell_escape;
  // Pure parser over the command outputs.
  Result<DeviceFacts> (*parse)(const CommandOutputs& outputs);
  // Where the device's OS exposes the TCG event log of a TPM device; empty
  // when the profile knows no location (the inventory must then name one).
  const char* event_log_path = "";
  // Shell mode: what this system's prompts look like (ECMAScript regexes
  // over the line the cursor is on, trailing spaces trimmed). A line that
  // matches is the prompt at once; quiet time is only the fallback for a
  // prompt no pattern knows (a site's custom prompt).
  std::vector<std::string> prompt_patterns = {};
  // Older forms of some commands (see CommandForms); empty for most profiles.
  CommandFallbacks fallbacks = {};
};

// The Linux securityfs file of the first TPM's measured-boot event log.
inline constexpr const char* kLinuxEventLogPath = "/sys/kernel/security/tpm0/binary_bios_measurements";

// All profiles, in a fixed order.
const std::vector<Profile>& all_profiles();
// nullptr when no profile has that name.
const Profile* find_profile(std::string_view name);

// Splits a captured terminal log or a raw output file into per-command
// outputs for `profile` (see `attest firmware parse`). Sections start at a
// line that ends with one of the profile's commands (prompt-prefixed or not);
// a profile with a single command also accepts the bare output.
Result<CommandOutputs> split_capture(const Profile& profile, std::string_view capture);

}  // namespace attest
