// Internal to attest_profiles: the vendor parsers behind the profile table,
// and the checks every parser shares. Pure functions, no I/O.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "attest/profiles/profile.hpp"

namespace attest::detail {

Result<DeviceFacts> parse_cisco_iosxe(const CommandOutputs& outputs);
Result<DeviceFacts> parse_cisco_nxos(const CommandOutputs& outputs);
Result<DeviceFacts> parse_arista_eos(const CommandOutputs& outputs);
Result<DeviceFacts> parse_juniper_junos(const CommandOutputs& outputs);
Result<DeviceFacts> parse_sonic(const CommandOutputs& outputs);
Result<DeviceFacts> parse_opengear(const CommandOutputs& outputs);
Result<DeviceFacts> parse_generic_linux(const CommandOutputs& outputs);
Result<DeviceFacts> parse_avocent_acs(const CommandOutputs& outputs);
Result<DeviceFacts> parse_lantronix_slc(const CommandOutputs& outputs);
Result<DeviceFacts> parse_digi_connect_it(const CommandOutputs& outputs);
Result<DeviceFacts> parse_digi_connectport(const CommandOutputs& outputs);
Result<DeviceFacts> parse_dell_os10(const CommandOutputs& outputs);
Result<DeviceFacts> parse_cumulus_nvue(const CommandOutputs& outputs);
Result<DeviceFacts> parse_aruba_aoscx(const CommandOutputs& outputs);
Result<DeviceFacts> parse_cisco_iosxr(const CommandOutputs& outputs);

// Refusal predicates (CommandFallbacks::refusal): the line in which the CLI
// rejects a command form, or nullopt.
std::optional<std::string> junos_refusal(std::string_view output);
std::optional<std::string> cisco_refusal(std::string_view output);
std::optional<std::string> linux_refusal(std::string_view output);
std::optional<std::string> os10_refusal(std::string_view output);
std::optional<std::string> cumulus_refusal(std::string_view output);
std::optional<std::string> aoscx_refusal(std::string_view output);

// The first of `forms` that has an output (the form that answered).
std::string_view answered_form(const CommandOutputs& outputs, std::initializer_list<std::string_view> forms);

// Cisco inventory lines (`NAME: "Rack 0", DESCR: "..."`, `PID: X , VID: V01, SN: Y`):
// the value of `key`, unquoted and trimmed; nullopt when absent or empty.
std::optional<std::string> inventory_value(std::string_view line, std::string_view key);
Result<DeviceFacts> parse_apc_nmc(const CommandOutputs& outputs);
Result<DeviceFacts> parse_raritan_px(const CommandOutputs& outputs);
Result<DeviceFacts> parse_servertech_pro2(const CommandOutputs& outputs);
Result<DeviceFacts> parse_vertiv_geist(const CommandOutputs& outputs);

// A parse Error whose message starts with the command: "show version: <what>".
Error parse_error(std::string_view command, std::string_view what);

// The cleaned output of `command` (see text::clean). An Error when it is
// absent, empty or larger than kMaxCommandOutput: sizes come from the device.
Result<std::string> output_text(const CommandOutputs& outputs, std::string_view command);

// Every fact trimmed and present: not empty, not a firmware placeholder such
// as "N/A", no control characters, at most 128 characters. `origin` names
// the profile in the error ("arista-eos: empty serial").
Result<DeviceFacts> checked_facts(DeviceFacts facts, std::string_view origin);

}  // namespace attest::detail
