#include <doctest/doctest.h>

#include "attest/profiles/profile.hpp"
#include "attest/profiles/version.hpp"

using namespace attest;

namespace {
using Strings = std::vector<std::string>;

struct Row {
  const char* name;
  const char* vendor;
  const char* scheme;
  ChannelMode mode;
  Strings setup;
  Strings commands;
};

// The contract the lab emulator follows too.
const Row kContract[] = {
    {"cisco-iosxe", "Cisco", "cisco-ios", ChannelMode::shell, {"terminal length 0", "terminal width 0"},
     {"show version"}},
    {"cisco-nxos", "Cisco", "cisco-nxos", ChannelMode::shell, {"terminal length 0"},
     {"show version | json", "show inventory | json"}},
    {"arista-eos", "Arista", "arista-eos", ChannelMode::exec, {}, {"show version | json"}},
    {"juniper-junos", "Juniper", "junos", ChannelMode::shell, {"set cli screen-length 0"},
     {"show version | display json", "show chassis hardware | display json"}},
    {"sonic", "SONiC", "sonic", ChannelMode::exec, {}, {"show version"}},
    {"opengear", "Opengear", "opengear", ChannelMode::exec, {},
     {"cat /etc/version", "config -g config.system.model", "showserial"}},
    {"generic-linux", "", "dotted", ChannelMode::exec, {},
     {"cat /etc/os-release", "cat /sys/class/dmi/id/sys_vendor", "cat /sys/class/dmi/id/product_name",
      "cat /sys/class/dmi/id/product_serial"}},
    {"avocent-acs", "Vertiv", "avocent-acs", ChannelMode::shell, {}, {"show /system/information"}},
    {"lantronix-slc", "Lantronix", "lantronix-slc", ChannelMode::shell, {}, {"admin show"}},
    {"digi-connect-it", "Digi", "digi-dal", ChannelMode::shell, {}, {"show system"}},
    {"digi-connectport", "Digi", "digi-netos", ChannelMode::shell, {}, {"info device"}},
    {"dell-os10", "Dell", "dell-os10", ChannelMode::shell, {"terminal length 0"}, {"show version", "show inventory"}},
    {"cumulus-nvue", "NVIDIA", "cumulus", ChannelMode::exec, {}, {"nv show system", "nv show platform"}},
    {"aruba-aoscx", "Aruba", "aoscx", ChannelMode::shell, {"no page"}, {"show version", "show system"}},
    {"cisco-iosxr", "Cisco", "cisco-iosxr", ChannelMode::shell, {"terminal length 0"},
     {"show version", "show inventory"}},
    {"apc-nmc", "APC", "apc-aos", ChannelMode::shell, {}, {"about"}},
    {"raritan-px", "Raritan", "raritan", ChannelMode::shell, {}, {"show pdu details"}},
    {"servertech-pro2", "Server Technology", "servertech", ChannelMode::shell, {}, {"show system"}},
    {"vertiv-geist", "Vertiv", "geist", ChannelMode::shell, {}, {"system info"}},
};
}  // namespace

TEST_CASE("the profile table matches the contract row by row, in order") {
  const auto& profiles = all_profiles();
  REQUIRE(profiles.size() == std::size(kContract));
  for (std::size_t i = 0; i < profiles.size(); ++i) {
    const auto& p = profiles[i];
    const auto& row = kContract[i];
    CAPTURE(row.name);
    CHECK(std::string(p.name) == row.name);
    CHECK(std::string(p.vendor) == row.vendor);
    CHECK(std::string(p.scheme) == row.scheme);
    CHECK(p.mode == row.mode);
    CHECK(p.setup_commands == row.setup);
    CHECK(p.commands == row.commands);
    CHECK(static_cast<bool>(p.parse));
    CHECK(is_known_scheme(p.scheme));
  }
}

TEST_CASE("juniper-junos (on %) and avocent-acs (on #) escape from a Unix shell with cli, digi-connect-it (on :) from its menu with a") {
  for (const auto& p : all_profiles()) {
    CAPTURE(p.name);
    const std::string name = p.name;
    const bool dal = name == "digi-connect-it";
    const char* chars = name == "juniper-junos" ? "%" : name == "avocent-acs" ? "#" : dal ? ":" : "";
    CHECK(p.unix_prompt_chars == chars);
    CHECK(p.unix_shell_escape == (dal ? "a" : *chars != '\0' ? "cli" : ""));
  }
}

TEST_CASE("find_profile finds every profile by exact name and nothing else") {
  for (const auto& p : all_profiles()) CHECK(find_profile(p.name) == &p);
  CHECK(find_profile("") == nullptr);
  CHECK(find_profile("Arista-EOS") == nullptr);
  CHECK(find_profile("arista-eos ") == nullptr);
}

TEST_CASE("every parser reports a missing command output instead of crashing") {
  for (const auto& p : all_profiles()) {
    CAPTURE(p.name);
    const auto facts = p.parse(CommandOutputs{});
    REQUIRE_FALSE(facts.ok());
    CHECK(facts.error().kind == ErrorKind::parse);
    CHECK(facts.error().message == p.commands.front() + ": no output recorded for this command");
  }
}
