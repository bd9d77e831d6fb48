// PDU management CLIs: APC NMC, Raritan Xerus, Server Technology Sentry and
// Vertiv Geist. Layouts follow the captures in tests/fixtures/profiles/.
#include <string>

#include "attest/lab/render_util.hpp"

namespace attest::lab::render {
namespace {

std::string apc_block(const std::string& title, const std::string& name, const std::string& version,
                      const std::string& date) {
  return title + "\n---------------\nName:                   " + name + "\nVersion:                " + version +
         "\nDate:                   " + date + "\nTime:                   11:08:39\n";
}

std::string apc_about(const Facts& f) {
  std::string o = "E000: Success\nHardware Factory\n---------------\n";
  o += "Model Number:           " + f.model + "\n";
  o += "Serial Number:          " + f.serial + "\n";
  o += "Hardware Revision:      HW05\nManufacture Date:       08/07/2019\n";
  o += "MAC Address:            " + upper(mac(f, "28 29 86", ' ')) + "\n";
  o += "Management Uptime:      " + std::to_string(stable_number(f, "uptime") % 300) + " Days 6 Hours 2 Minutes\n\n";
  o += apc_block("Application Module", f.get("app_module", "rpdu2g"), f.version, "Nov  6 2020") + "\n";
  o += apc_block("APC OS(AOS)", "aos", f.version, "Nov  5 2020") + "\n";
  o += apc_block("APC Boot Monitor", "bootmon", "v1.0.9", "Jan 21 2019");
  return o;
}

std::string raritan_details(const Facts& f) {
  std::string o = "PDU '" + f.hostname + "'\n";
  o += "Model:            " + f.model + "\n";
  o += "Firmware Version: " + f.version + "\n";
  o += "Serial Number:    " + f.serial + "\n";
  o += "Board Revision:   0x01\n\n";
  o += "Relay behavior on power loss:      Latching\n"
       "Power cycle delay:                 10 seconds\n"
       "Outlet initialization delay:       3 seconds\n";
  return o;
}

std::string servertech_system(const Facts& f) {
  const bool cdu = f.get("cli_prompt", "Switched PDU:") == "Smart CDU:";
  std::string o = "\nSystem Information\n\n";
  o += "   Location:               " + f.get("location", "DC1 row 3 rack 9") + "\n";
  if (cdu) {
    o += "   F/W Version:            Sentry Smart CDU Version " + f.version + "\n";
    o += "   Model:                  " + f.model + "\n";
    o += "   Serial Number:          " + f.serial + "\n";
    return o;
  }
  o += "   Firmware:               Sentry Switched PDU Version " + f.version + "  (Date Oct 19 2020 13:27:49)\n";
  o += "   Boot Code:              v1.7\n";
  o += "   Uptime:                 " + std::to_string(stable_number(f, "uptime") % 400) + " days 3 hours 12 minutes\n\n";
  o += "   Product:                " + f.get("product", "PRO2") + "\n";
  o += "   Model Number:           " + f.model + "\n";
  o += "   Product Serial Number:  " + f.serial + "\n";
  o += "   NIC Serial Number:      " + f.serial + "-NIC\n";
  o += "   Hardware Revision:      2\n";
  return o;
}

std::string geist_info(const Facts& f) {
  std::string o = "System Information\n";
  o += "  Name:              " + f.hostname + "\n";
  o += "  Model:             " + f.model + "\n";
  o += "  Serial Number:     " + f.serial + "\n";
  o += "  Firmware Version:  " + f.version + "\n";
  o += "  Hardware:          " + f.get("imd", "IMD-03E-S") + "\n";
  o += "  MAC Address:       " + upper(mac(f, "00:19:85")) + "\n";
  return o;
}

}  // namespace

std::optional<std::string> apc_nmc(const Facts& f, std::string_view cmd) {
  if (cmd == "about") return apc_about(f);
  return std::nullopt;
}

std::optional<std::string> raritan_px(const Facts& f, std::string_view cmd) {
  if (cmd == "show pdu details") return raritan_details(f);
  return std::nullopt;
}

std::optional<std::string> servertech_pro2(const Facts& f, std::string_view cmd) {
  if (cmd == "show system") return servertech_system(f);
  return std::nullopt;
}

std::optional<std::string> vertiv_geist(const Facts& f, std::string_view cmd) {
  if (cmd == "system info") return geist_info(f);
  return std::nullopt;
}

std::string pdu_banner(std::string_view profile, const Facts& f, const std::string& user) {
  if (profile == "apc-nmc") {
    return "\nSchneider Electric                      Network Management Card AOS      " + f.version +
           "\n-------------------------------------------------------------------------------\n"
           "Name      : " + f.hostname + "\nUser      : " + user + "\n\nType ? for command listing\n\n";
  }
  if (profile == "raritan-px") {
    const std::string family = f.model.substr(0, f.model.find('-'));
    return "Welcome to " + family + " CLI!\nLast login: 2024-03-14 09:12:44 EDT [CLI (SSH) from 10.20.0.5]\n\n";
  }
  if (profile == "servertech-pro2") return "\nLocation: " + f.get("location", "DC1 row 3 rack 9") + "\n\n";
  return "Vertiv Geist rPDU Command Line Interface\nType 'help' for a list of commands.\n\n";
}

}  // namespace attest::lab::render
