// The profile table: one row per kind of device. The lab emulator serves the
// same command strings, so a change here is a change of contract. Linux-based
// systems expose the TPM event log in securityfs; the IOS-XE, NX-OS and Junos
// CLIs offer no file to read, so their TPM devices name one in the inventory.
#include <algorithm>

#include "attest/profiles/parsers.hpp"
#include "attest/profiles/profile.hpp"

namespace attest {

// "sw1>", "sw1#", "sw1(config)#", "N9K-1(config-if)#": a hostname (up to 63
// characters), an optional mode in parentheses, '>' or '#'.
constexpr const char* kCiscoPrompt = R"(^[A-Za-z0-9][A-Za-z0-9._:/-]{0,62}(\([A-Za-z0-9._/-]+\))?[>#]$)";
// "netops@sw1>", "netops@sw1#", and the Unix shell of root:
// "root@sw1:RE:0%", "root@sw1%".
constexpr const char* kJunosPrompt = R"(^[A-Za-z0-9._-]+@[A-Za-z0-9._-]+(:[A-Za-z0-9]+:[0-9]+)?[>#%]$)";
// PDU management CLIs: APC NMC "apc>"; Raritan Xerus "#" (admin) or ">"
// alone on the line; Server Technology names the product line
// ("Switched PDU:", "Smart CDU:"); Geist "admin@pdu-a12>".
constexpr const char* kApcPrompt = R"(^apc>$)";
constexpr const char* kRaritanPrompt = R"(^[#>]$)";
constexpr const char* kServertechPrompt = R"(^(Switched|Smart|Metered|Basic) [CP]DU:$)";
constexpr const char* kGeistPrompt = R"(^[A-Za-z0-9._-]{1,32}@[A-Za-z0-9._-]{1,63}>$)";

// Avocent ACS: "--:- / cli->", after a change "**:- network cli->", in a
// wizard "--:#- [hosts] cli->".
constexpr const char* kAvocentPrompt = R"(^[-*]{2}:#?- ?(\[[A-Za-z0-9_./()-]+\]|[A-Za-z0-9_./()-]+) cli->$)";
// The Linux shell an ACS root login starts in: "[root@acs8048 ~]#".
constexpr const char* kAvocentRootShellPrompt = R"(^\[[A-Za-z0-9._-]+@[A-Za-z0-9._-]+ [^\]]*\][#$]$)";
// Lantronix SLC: "[sysadmin]>" (the login name in brackets).
constexpr const char* kLantronixPrompt = R"(^\[[A-Za-z0-9._@-]{1,64}\]>$)";
// Digi: "#>" on ConnectPort (NET+OS), ">" or "<hostname>>" on Connect IT.
constexpr const char* kDigiPrompt = R"(^([A-Za-z0-9._-]{0,63}>|#>)$)";
// Digi Accelerated Linux asks a user with Admin and shell rights first, in its
// access selection menu: "Select access or quit [admin] :" (or "[a/s/q]: ");
// `a` starts the Admin CLI.
constexpr const char* kDalAccessMenu = R"(^Select access or quit \[[a-z/]{1,16}\] ?:$)";
// IOS-XR names the route processor: "RP/0/RP0/CPU0:router#", ASR 9000
// "RP/0/RSP0/CPU0:pe1#", with a mode in config: "RP/0/RP0/CPU0:router(config)#".
constexpr const char* kIosXrPrompt = R"(^RP/[0-9]+/R?S?P?[0-9]+/CPU[0-9]+:[A-Za-z0-9._-]{1,63}(\([A-Za-z0-9._/-]+\))?#$)";

const std::vector<Profile>& all_profiles() {
  static const std::vector<Profile> kProfiles = {
      {"cisco-iosxe", "Cisco", "cisco-ios", ChannelMode::shell,
       {"terminal length 0", "terminal width 0"}, {"show version"}, "", "",
       detail::parse_cisco_iosxe, "", {kCiscoPrompt}},
      {"cisco-nxos", "Cisco", "cisco-nxos", ChannelMode::shell, {"terminal length 0"},
       {"show version | json", "show inventory | json"}, "", "", detail::parse_cisco_nxos, "", {kCiscoPrompt},
       {{{"show inventory | json", {"show inventory"}}}, detail::cisco_refusal}},
      {"arista-eos", "Arista", "arista-eos", ChannelMode::exec, {}, {"show version | json"}, "", "",
       detail::parse_arista_eos, kLinuxEventLogPath},
      // A Junos root login lands in a Unix shell (prompt "root@sw1:RE:0% "); `cli` leaves it.
      {"juniper-junos", "Juniper", "junos", ChannelMode::shell, {"set cli screen-length 0"},
       {"show version | display json", "show chassis hardware | display json"}, "%", "cli",
       detail::parse_juniper_junos, "", {kJunosPrompt},
       // Before 14.2 there is no `| display json`: the text forms.
       {{{"show version | display json", {"show version"}},
         {"show chassis hardware | display json", {"show chassis hardware"}}},
        detail::junos_refusal}},
      {"sonic", "SONiC", "sonic", ChannelMode::exec, {}, {"show version"}, "", "",
       detail::parse_sonic, kLinuxEventLogPath},
      {"opengear", "Opengear", "opengear", ChannelMode::exec, {},
       {"cat /etc/version", "config -g config.system.model", "showserial"}, "", "",
       detail::parse_opengear, kLinuxEventLogPath},
      // Vendor comes from DMI (else os-release NAME), so the table's vendor is empty.
      {"generic-linux", "", "dotted", ChannelMode::exec, {},
       {"cat /etc/os-release", "cat /sys/class/dmi/id/sys_vendor",
        "cat /sys/class/dmi/id/product_name", "cat /sys/class/dmi/id/product_serial"},
       "", "", detail::parse_generic_linux, kLinuxEventLogPath, {},
       // product_serial is root-only; containers, VMs and ARM boards may have no DMI at all.
       {{{"cat /sys/class/dmi/id/sys_vendor", {"sudo -n dmidecode -s system-manufacturer"}, true},
         {"cat /sys/class/dmi/id/product_name",
          {"sudo -n dmidecode -s system-product-name", "cat /proc/device-tree/model"}},
         {"cat /sys/class/dmi/id/product_serial",
          {"sudo -n dmidecode -s system-serial-number", "cat /proc/device-tree/serial-number"}}},
        detail::linux_refusal}},
      // Console servers whose CLI is not a Unix shell: one interactive shell.
      // An ACS root login lands in the Linux shell ("[root@acs8048 ~]#"); `cli` starts the CLI.
      {"avocent-acs", "Vertiv", "avocent-acs", ChannelMode::shell, {}, {"show /system/information"}, "#", "cli",
       detail::parse_avocent_acs, "", {kAvocentPrompt, kAvocentRootShellPrompt}},
      {"lantronix-slc", "Lantronix", "lantronix-slc", ChannelMode::shell, {}, {"admin show"}, "", "",
       detail::parse_lantronix_slc, "", {kLantronixPrompt}},
      // The access selection menu ends in ':': answered with `a`, then the CLI's prompt is learned.
      {"digi-connect-it", "Digi", "digi-dal", ChannelMode::shell, {}, {"show system"}, ":", "a",
       detail::parse_digi_connect_it, "", {kDigiPrompt, kDalAccessMenu}},
      {"digi-connectport", "Digi", "digi-netos", ChannelMode::shell, {}, {"info device"}, "", "",
       detail::parse_digi_connectport, "", {kDigiPrompt}},
      // Dell OS10 (SmartFabric OS10): a CLI shell ("OS10#").
      {"dell-os10", "Dell", "dell-os10", ChannelMode::shell, {"terminal length 0"},
       {"show version", "show inventory"}, "", "", detail::parse_dell_os10, "", {kCiscoPrompt},
       {{}, detail::os10_refusal}},
      // Cumulus Linux takes exec channels. 5.x speaks NVUE (5.0-5.3 keep the
      // platform facts under `hardware`); 4.x only NCLU's `net show system`.
      {"cumulus-nvue", "NVIDIA", "cumulus", ChannelMode::exec, {}, {"nv show system", "nv show platform"}, "", "",
       detail::parse_cumulus_nvue, kLinuxEventLogPath, {},
       {{{"nv show system", {"net show system"}},
         {"nv show platform", {"nv show platform hardware", "net show system"}}},
        detail::cumulus_refusal}},
      // AOS-CX pages unless told `no page`; prompt "switch#".
      {"aruba-aoscx", "Aruba", "aoscx", ChannelMode::shell, {"no page"}, {"show version", "show system"}, "", "",
       detail::parse_aruba_aoscx, "", {kCiscoPrompt}, {{}, detail::aoscx_refusal}},
      {"cisco-iosxr", "Cisco", "cisco-iosxr", ChannelMode::shell, {"terminal length 0"},
       {"show version", "show inventory"}, "", "", detail::parse_cisco_iosxr, "", {kIosXrPrompt},
       {{}, detail::cisco_refusal}},
      // PDUs: their SSH servers hand out only an interactive CLI (no exec),
      // which pages nothing the gate reads.
      {"apc-nmc", "APC", "apc-aos", ChannelMode::shell, {}, {"about"}, "", "", detail::parse_apc_nmc, "",
       {kApcPrompt}},
      {"raritan-px", "Raritan", "raritan", ChannelMode::shell, {}, {"show pdu details"}, "", "",
       detail::parse_raritan_px, "", {kRaritanPrompt}},
      {"servertech-pro2", "Server Technology", "servertech", ChannelMode::shell, {}, {"show system"}, "", "",
       detail::parse_servertech_pro2, "", {kServertechPrompt}},
      {"vertiv-geist", "Vertiv", "geist", ChannelMode::shell, {}, {"system info"}, "", "",
       detail::parse_vertiv_geist, "", {kGeistPrompt}},
  };
  return kProfiles;
}

const Profile* find_profile(std::string_view name) {
  const auto& profiles = all_profiles();
  const auto it = std::find_if(profiles.begin(), profiles.end(),
                               [&](const Profile& p) { return name == p.name; });
  return it == profiles.end() ? nullptr : &*it;
}

}  // namespace attest
