// Cisco IOS-XE (Catalyst 9300 style) and NX-OS (Nexus 9000, `| json`) outputs.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "attest/lab/render_util.hpp"
#include "attest/lab/sudi_device.hpp"

namespace attest::lab::render {
namespace {

std::string count(std::uint64_t n, const char* unit) {
  return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
}

std::string iosxe_uptime(const Facts& f) {
  const auto n = stable_number(f, "uptime");
  return count(1 + n % 9, "week") + ", " + count(n % 7, "day") + ", " + count(n % 24, "hour") + ", " +
         count(n % 60, "minute");
}

std::string iosxe_show_version(const Facts& f) {
  const std::string& v = f.version;
  std::string o;
  o += "Cisco IOS XE Software, Version " + v + "\n";
  o += "Cisco IOS Software [Cupertino], Catalyst L3 Switch Software (CAT9K_IOSXE), Version " +
       strip_zero_padding(v) + ", RELEASE SOFTWARE (fc3)\n";
  o += "Technical Support: http://www.cisco.com/techsupport\n"
       "Copyright (c) 1986-2023 by Cisco Systems, Inc.\n"
       "Compiled Fri 20-Oct-23 10:44 by mcpre\n\n\n"
       "Cisco IOS-XE software, Copyright (c) 2005-2023 by cisco Systems, Inc.\n"
       "All rights reserved.  Certain components of Cisco IOS-XE software are\n"
       "licensed under the GNU General Public License (\"GPL\") Version 2.0.  The\n"
       "software code licensed under GPL Version 2.0 is free software that comes\n"
       "with ABSOLUTELY NO WARRANTY.  You can redistribute and/or modify such\n"
       "GPL code under the terms of GPL Version 2.0.  For more details, see the\n"
       "documentation or \"License Notice\" file accompanying the IOS-XE software,\n"
       "or the applicable URL provided on the flyer accompanying the IOS-XE\n"
       "software.\n\n\n"
       "ROM: IOS-XE ROMMON\n"
       "BOOTLDR: System Bootstrap, Version 17.9.1r[FC2], RELEASE SOFTWARE (P)\n\n";
  o += f.hostname + " uptime is " + iosxe_uptime(f) + "\n";
  o += "Uptime for this control processor is " + iosxe_uptime(f) + "\n";
  o += "System returned to ROM by Reload Command\n"
       "System image file is \"flash:packages.conf\"\n"
       "Last reload reason: Reload Command\n\n\n\n"
       "This product contains cryptographic features and is subject to United\n"
       "States and local country laws governing import, export, transfer and\n"
       "use. Delivery of Cisco cryptographic products does not imply\n"
       "third-party authority to import, export, distribute or use encryption.\n\n"
       "Technology Package License Information:\n\n"
       "------------------------------------------------------------------------------\n"
       "Technology-package                                     Technology-package\n"
       "Current                        Type                       Next reboot\n"
       "------------------------------------------------------------------------------\n"
       "network-advantage      Smart License                    network-advantage\n"
       "dna-advantage          Subscription Smart License       dna-advantage\n"
       "AIR License Level: AIR DNA Advantage\n"
       "Next reload AIR license Level: AIR DNA Advantage\n\n\n"
       "Smart Licensing Status: Smart Licensing Using Policy\n\n";
  o += "cisco " + f.model + " (X86) processor with 1338934K/6147K bytes of memory.\n";
  o += "Processor board ID " + f.serial + "\n";
  o += "2048K bytes of non-volatile configuration memory.\n"
       "8388608K bytes of physical memory.\n"
       "1638400K bytes of Crash Files at crashinfo:.\n"
       "11264000K bytes of Flash at flash:.\n\n";
  o += "Base Ethernet MAC Address          : " + mac(f, "00:a3:d1") + "\n";
  o += "Motherboard Assembly Number        : 73-17955-06\n";
  o += "Motherboard Serial Number          : " + derived_serial(f, "mb", "FOC", 8) + "\n";
  o += "Model Revision Number              : B0\n"
       "Motherboard Revision Number        : A0\n";
  o += "Model Number                       : " + f.model + "\n";
  o += "System Serial Number               : " + f.serial + "\n";
  o += "CLEI Code Number                   : CMM1S00DRA\n\n\n";
  o += "Switch Ports Model              SW Version        SW Image              Mode\n"
       "------ ----- -----              ----------        ----------            ----\n";
  std::string model_col = f.model;
  model_col.resize(std::max<std::size_t>(model_col.size() + 1, 19), ' ');
  std::string version_col = v;
  version_col.resize(std::max<std::size_t>(version_col.size() + 1, 18), ' ');
  o += "*    1 65    " + model_col + version_col + "CAT9K_IOSXE           INSTALL\n\n\n";
  o += "Configuration register is 0x102\n";
  return o;
}

// "N9K-C93180YC-FX" -> "Nexus9000 C93180YC-FX Chassis".
std::string nxos_chassis(const Facts& f) {
  std::string m = f.model;
  if (m.rfind("N9K-", 0) == 0) m = m.substr(4);
  return "Nexus9000 " + m + " Chassis";
}

// "10.3(4a)" -> "10.3.4a", as in the image file name.
std::string nxos_image_version(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '(') out += '.';
    else if (c != ')') out += c;
  }
  return out;
}

std::string nxos_show_version(const Facts& f) {
  const auto n = stable_number(f, "uptime");
  const std::string image = "bootflash:///nxos64-cs." + nxos_image_version(f.version) + ".M.bin";
  nlohmann::ordered_json j;
  j["header_str"] =
      "Cisco Nexus Operating System (NX-OS) Software\nTAC support: http://www.cisco.com/tac\n"
      "Documents: http://www.cisco.com/en/US/products/ps9372/tsd_products_support_series_home.html\n"
      "Copyright (c) 2002-2023, Cisco Systems, Inc. All rights reserved.\n";
  j["bios_ver_str"] = "05.47";
  j["kickstart_ver_str"] = f.version;
  j["nxos_ver_str"] = f.version;
  j["bios_cmpl_time"] = "04/28/2022";
  j["kick_file_name"] = image;
  j["nxos_file_name"] = image;
  j["kick_cmpl_time"] = "11/9/2023 13:00:00";
  j["nxos_cmpl_time"] = "11/9/2023 13:00:00";
  j["kick_tmstmp"] = "11/10/2023 02:05:27";
  j["nxos_tmstmp"] = "11/10/2023 02:05:27";
  j["chassis_id"] = nxos_chassis(f);
  j["cpu_name"] = "Intel(R) Xeon(R) CPU D-1528 @ 1.90GHz";
  j["memory"] = 24632236;
  j["mem_type"] = "kB";
  j["proc_board_id"] = f.serial;
  j["host_name"] = f.hostname;
  j["bootflash_size"] = 115805708;
  j["kern_uptm_days"] = n % 300;
  j["kern_uptm_hrs"] = n % 24;
  j["kern_uptm_mins"] = n % 60;
  j["kern_uptm_secs"] = (n >> 8) % 60;
  j["rr_reason"] = "Reset Requested by CLI command reload";
  j["rr_sys_ver"] = f.version;
  j["rr_service"] = nullptr;
  j["plugins"] = "Core Plugin, Ethernet Plugin";
  j["manufacturer"] = "Cisco Systems, Inc.";
  j["TABLE_package_list"] = {{"ROW_package_list", {{"package_id", nullptr}}}};
  return j.dump() + "\n";
}

nlohmann::ordered_json inv_row(const std::string& name, const std::string& desc, const std::string& pid,
                               const std::string& vid, const std::string& serial) {
  nlohmann::ordered_json r;
  r["name"] = name;
  r["desc"] = desc;
  r["productid"] = pid;
  r["vendorid"] = vid;
  r["serialnum"] = serial;
  return r;
}

std::string nxos_show_inventory(const Facts& f) {
  auto rows = nlohmann::ordered_json::array();
  rows.push_back(inv_row("Chassis", nxos_chassis(f), f.model, "V02", f.serial));
  rows.push_back(inv_row("Slot 1", "48x10/25G + 6x40/100G Ethernet Module", f.model, "V02",
                         derived_serial(f, "slot1", "FDO", 8)));
  for (int i = 1; i <= 2; ++i) {
    const auto idx = std::to_string(i);
    rows.push_back(inv_row("Power Supply " + idx, "Nexus9000 C93180YC-FX Chassis Power Supply",
                           "NXA-PAC-650W-PE", "V01", derived_serial(f, "psu" + idx, "ART", 8)));
  }
  for (int i = 1; i <= 4; ++i) {
    rows.push_back(inv_row("Fan " + std::to_string(i), "Nexus9000 C93180YC-FX Chassis Fan Module",
                           "NXA-FAN-30CFM-F", "V01", "N/A"));
  }
  nlohmann::ordered_json j;
  j["TABLE_inv"]["ROW_inv"] = rows;
  return j.dump() + "\n";
}

// The text form (NX-OS releases whose inventory has no `| json`).
std::string nxos_show_inventory_text(const Facts& f) {
  std::string o;
  o += "NAME: \"Chassis\",  DESCR: \"" + nxos_chassis(f) + "\"\n";
  o += "PID: " + f.model + "      ,  VID: V02 ,  SN: " + f.serial + "\n\n";
  o += "NAME: \"Slot 1\",  DESCR: \"48x10/25G + 6x40/100G Ethernet Module\"\n";
  o += "PID: " + f.model + "      ,  VID: V02 ,  SN: " + derived_serial(f, "slot1", "FDO", 8) + "\n\n";
  o += "NAME: \"Power Supply 1\",  DESCR: \"Nexus9000 C93180YC-FX Chassis Power Supply\"\n";
  o += "PID: NXA-PAC-650W-PE      ,  VID: V01 ,  SN: " + derived_serial(f, "psu1", "ART", 8) + "\n\n";
  return o;
}

}  // namespace

std::optional<std::string> cisco_iosxe(const Facts& f, std::string_view cmd) {
  if (cmd == "show version") return iosxe_show_version(f);
  return render_signed_command(f, cmd);
}

std::optional<std::string> cisco_nxos(const Facts& f, std::string_view cmd) {
  if (cmd == "show version | json") return nxos_show_version(f);
  if (cmd == "show inventory | json") return nxos_show_inventory(f);
  if (cmd == "show inventory") return nxos_show_inventory_text(f);
  return std::nullopt;
}

}  // namespace attest::lab::render
