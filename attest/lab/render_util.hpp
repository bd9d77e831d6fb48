// Small helpers shared by the per-vendor output renderers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "attest/lab/spec.hpp"

namespace attest::lab::render {

// A stable number derived from the serial, so MACs, uptimes and module serials
// look device-specific but never change between runs.
std::uint64_t stable_number(const Facts& facts, std::string_view salt);

// "44:4c:a8:xx:xx:xx": an OUI followed by three bytes derived from the serial.
std::string mac(const Facts& facts, std::string_view oui, char sep = ':');

// A serial-like string: `prefix` + `digits` characters in 0-9A-Z derived from the serial.
std::string derived_serial(const Facts& facts, std::string_view salt, std::string_view prefix, int digits);

std::string upper(std::string s);
std::string lower(std::string s);

// "17.09.04a" -> "17.9.4a": IOS-XE prints both forms in one `show version`.
std::string strip_zero_padding(std::string_view version);

// Outputs per vendor family; nullopt = unknown command.
std::optional<std::string> cisco_iosxe(const Facts& f, std::string_view cmd);
std::optional<std::string> cisco_nxos(const Facts& f, std::string_view cmd);
std::optional<std::string> arista_eos(const Facts& f, std::string_view cmd);
std::optional<std::string> juniper_junos(const Facts& f, std::string_view cmd);
std::optional<std::string> sonic(const Facts& f, std::string_view cmd);
std::optional<std::string> opengear(const Facts& f, std::string_view cmd);
std::optional<std::string> generic_linux(const Facts& f, std::string_view cmd);
std::optional<std::string> avocent_acs(const Facts& f, std::string_view cmd);
std::optional<std::string> lantronix_slc(const Facts& f, std::string_view cmd);
std::optional<std::string> digi_connect_it(const Facts& f, std::string_view cmd);
std::optional<std::string> digi_connectport(const Facts& f, std::string_view cmd);
std::optional<std::string> dell_os10(const Facts& f, std::string_view cmd);
std::optional<std::string> cumulus_nvue(const Facts& f, std::string_view cmd);
std::optional<std::string> aruba_aoscx(const Facts& f, std::string_view cmd);
std::optional<std::string> cisco_iosxr(const Facts& f, std::string_view cmd);

// How a command the device knows fails on it (stderr, exit status): a file it
// may not read or does not have. nullopt: "command not found".
struct CommandFailure {
  std::string err;
  int status = 1;
};
std::optional<CommandFailure> generic_linux_failure(const Facts& f, std::string_view cmd);

// Fact "refuse": exact commands (separated by ';') the emulated firmware does
// not know, e.g. the JSON forms an old release lacks.
bool refuses(const Facts& f, std::string_view cmd);
std::optional<std::string> apc_nmc(const Facts& f, std::string_view cmd);
std::optional<std::string> raritan_px(const Facts& f, std::string_view cmd);
std::optional<std::string> servertech_pro2(const Facts& f, std::string_view cmd);
std::optional<std::string> vertiv_geist(const Facts& f, std::string_view cmd);
// What a PDU's CLI prints between login and its first prompt.
std::string pdu_banner(std::string_view profile, const Facts& f, const std::string& user);

}  // namespace attest::lab::render
