// Dell OS10, Cumulus Linux (NVUE on 5.x, NCLU on 4.x), Aruba AOS-CX and Cisco
// IOS-XR, after the captures in tests/fixtures/profiles/<profile>/.
#include "attest/lab/render_util.hpp"

namespace attest::lab::render {
namespace {

// Columns padded like the devices pad them.
std::string padded(std::string s, std::size_t width) {
  if (s.size() < width) s.resize(width, ' ');
  return s;
}

std::string os10_show_version(const Facts& f) {
  const bool smartfabric = f.version.rfind("10.4", 0) != 0;
  return std::string(smartfabric ? "Dell SmartFabric OS10 Enterprise\n" : "Dell EMC Networking OS10 Enterprise\n") +
         "Copyright (c) 1999-2023 by Dell Inc. All Rights Reserved.\n"
         "OS Version: " + f.version + "\n"
         "Build Version: " + f.version + "." + std::to_string(40 + stable_number(f, "build") % 300) + "\n"
         "Build Time: 2023-01-19T21:53:04+0000\n"
         "System Type: " + f.model + "\n"
         "Architecture: x86_64\n"
         "Up Time: " + std::to_string(stable_number(f, "uptime") % 30) + " days 04:12:51\n";
}

// The service tag is the serial a Dell inventory records.
std::string os10_show_inventory(const Facts& f) {
  const std::string ppid = "CN-" + derived_serial(f, "ppid", "0", 5) + "-CES00-0AH-0127";
  std::string o;
  o += "Product               : " + f.model + "\n";
  o += "Description           : " + f.model + " 48x25GbE SFP28, 4x100GbE QSFP28 Interface Module\n";
  o += "Software version      : " + f.version + "\n";
  o += "Product Base          :\nProduct Serial Number :\nProduct Part Number   :\n\n";
  o += "Unit Type                     Part Number  Rev  Piece Part ID             Svc Tag  Exprs Svc Code\n";
  o += "-------------------------------------------------------------------------------------------------\n";
  o += "* 1  " + padded(f.model, 25) + "0KT9P7       A01  " + padded(ppid, 26) + padded(f.serial, 9) + "163 117 480 22\n";
  o += "  1  " + padded(f.model + "-PWR-1-AC-R", 25) + "0W1GD9       A00  CN-0W1GD9-DED00-09R-01T2  AEIOU##  226 457 410 55\n";
  return o;
}

std::string nv_show_system(const Facts& f) {
  return "                operational          applied\n"
         "--------------  -------------------  -------\n"
         "hostname        " + padded(f.hostname, 21) + f.hostname + "\n"
         "build           Cumulus Linux " + f.version + "\n"
         "uptime          " + std::to_string(stable_number(f, "uptime") % 60) + " days, 8:37:36\n"
         "timezone        Etc/UTC\n";
}

std::string nv_show_platform(const Facts& f) {
  return "                operational\n"
         "--------------  ------------------------------------\n"
         "system-mac      " + mac(f, "1c:34:da") + "\n"
         "manufacturer    Mellanox\n"
         "cpu             x86_64 Intel Atom C2558 2.40GHz\n"
         "memory          8GB\n"
         "part-number     " + f.model + "-CS2FO\n"
         "product-name    " + f.model + "\n"
         "serial-number   " + f.serial + "\n";
}

std::string net_show_system(const Facts& f) {
  return "Hostname......... " + f.hostname + "\n"
         "Build............ Cumulus Linux " + f.version + "\n"
         "Uptime........... 8 days, 12:24:01.770000\n\n"
         "Model............ " + f.model + "\n"
         "CPU.............. x86_64 Intel Atom C2538 2.4 GHz\n"
         "Memory........... 8GB\n"
         "Serial Number.... " + f.serial + "\n"
         "Base MAC Address. " + mac(f, "80:a2:35") + "\n";
}

std::string aoscx_show_version(const Facts& f) {
  const std::string platform = f.version.substr(0, f.version.find('.'));
  return "-----------------------------------------------------------------------------\n"
         "ArubaOS-CX\n"
         "(c) Copyright 2017-2023 Hewlett Packard Enterprise Development LP\n"
         "-----------------------------------------------------------------------------\n"
         "Version      : " + f.version + "\n"
         "Build Date   : 2023-11-10 00:31:54 UTC\n"
         "Build ID     : ArubaOS-CX:" + f.version + ":" + lower(derived_serial(f, "build", "", 12)) + ":202311100005\n"
         "Active Image : primary\n\n"
         "Service OS Version : " + platform + ".01.14.0002\n"
         "BIOS Version       : " + platform + ".01.0002\n";
}

std::string aoscx_show_system(const Facts& f) {
  return "Hostname           : " + f.hostname + "\n"
         "System Description : " + f.version + "\n"
         "System Contact     :\nSystem Location    :\n\n"
         "Vendor             : Aruba\n"
         "Product Name       : " + f.model + " " + f.get("product_name", "6300F 48G CL4 PoE 4SFP56 Sw") + "\n"
         "Chassis Serial Nbr : " + f.serial + "\n"
         "Base MAC Address   : " + mac(f, "9020c2", '-') + "\n"
         "ArubaOS-CX Version : " + f.version + "\n\n"
         "Time Zone          : UTC\n";
}

std::string iosxr_show_version(const Facts& f) {
  return "Tue Jan 16 13:19:27.208 UTC\n"
         "Cisco IOS XR Software, Version " + f.version + " LNT\n"
         "Copyright (c) 2013-2023 by Cisco Systems, Inc.\n\n"
         "Build Information:\n"
         " Built By     : deenayak\n"
         " Version      : " + f.version + "\n\n"
         "cisco " + f.model + " (Intel(R) Xeon(R) CPU D-1530 @ 2.41GHz) processor with 64GB of memory\n" +
         f.hostname + " uptime is 1 week, 1 day, 17 hours, 47 minutes\n";
}

std::string iosxr_show_inventory(const Facts& f) {
  return "Tue Jan 16 13:30:53.501 UTC\n\n"
         "NAME: \"Rack 0\", DESCR: \"Cisco 8200 2RU 32x400G QSFP56-DD w/IOS XR HBM MACsec\"\n"
         "PID: " + padded(f.model, 18) + ", VID: V03, SN: " + f.serial + "\n\n"
         "NAME: \"0/RP0/CPU0\", DESCR: \"Cisco 8200 2RU 32x400G QSFP56-DD w/IOS XR HBM MACsec\"\n"
         "PID: " + padded(f.model, 18) + ", VID: V03, SN: " + derived_serial(f, "rp0", "FLM", 8) + "\n\n"
         "NAME: \"0/PM0\", DESCR: \"2000W AC Power Module with Port-side Air Intake\"\n"
         "PID: PSU2KW-ACPI       , VID: V01 , SN: " + derived_serial(f, "pm0", "POG", 8) + "\n";
}

}  // namespace

std::optional<std::string> dell_os10(const Facts& f, std::string_view cmd) {
  if (cmd == "show version") return os10_show_version(f);
  if (cmd == "show inventory") return os10_show_inventory(f);
  return std::nullopt;
}

// Fact "nclu": "yes" emulates Cumulus 4.x, which has no `nv`.
std::optional<std::string> cumulus_nvue(const Facts& f, std::string_view cmd) {
  if (f.get("nclu", "") == "yes") {
    if (cmd == "net show system") return net_show_system(f);
    return std::nullopt;
  }
  if (cmd == "nv show system") return nv_show_system(f);
  if (cmd == "nv show platform") return nv_show_platform(f);
  return std::nullopt;
}

std::optional<std::string> aruba_aoscx(const Facts& f, std::string_view cmd) {
  if (cmd == "show version") return aoscx_show_version(f);
  if (cmd == "show system") return aoscx_show_system(f);
  return std::nullopt;
}

std::optional<std::string> cisco_iosxr(const Facts& f, std::string_view cmd) {
  if (cmd == "show version") return iosxr_show_version(f);
  if (cmd == "show inventory") return iosxr_show_inventory(f);
  return std::nullopt;
}

}  // namespace attest::lab::render
