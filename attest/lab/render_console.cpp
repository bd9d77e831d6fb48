// Console servers with their own CLI (not a Unix shell): Avocent/Vertiv ACS,
// Lantronix SLC 8000, Digi Connect IT (DAL) and ConnectPort TS (NET+OS).
#include <algorithm>

#include "attest/lab/render_util.hpp"

namespace attest::lab::render {
namespace {

// One aligned report line: "Key   : value" as DAL and NET+OS print it (the
// key padded to `width`), or with `colon_first` "Key:    value" as the SLC
// does (key and colon padded to `width`).
std::string row(std::string key, const std::string& value, std::size_t width, bool colon_first = false) {
  if (colon_first) key += ':';
  key.resize(std::max(key.size(), width), ' ');
  return key + (colon_first ? "" : ": ") + value + "\n";
}

std::string uptime(const Facts& f) {
  const auto n = stable_number(f, "uptime");
  return std::to_string(n % 300) + " days, " + std::to_string(n % 24) + " hours, " + std::to_string(n % 60) +
         " minutes";
}

std::string acs_information(const Facts& f) {
  std::string o;
  o += "system name: " + f.hostname + "\n";
  o += "system ip: " + f.get("address", "10.20.1.12") + "\n";
  o += "model: " + f.model + "\n";
  o += "part number: " + f.get("part_number", f.model + "DAC-400") + "\n";
  o += "serial number: " + f.serial + "\n";
  o += "bootcode version: " + f.get("bootcode", "1.0.9") + "\n";
  o += "firmware: " + f.version + "\n";
  o += "kernel version: 4.14.151\n";
  o += "power supply #1: on\npower supply #2: on\n";
  o += "cpu: ARM Cortex-A9 @ 800MHz\n";
  o += "uptime: " + uptime(f) + "\n";
  return o;
}

std::string slc_admin_show(const Facts& f) {
  std::string o;
  o += row("Model", f.model, 21, true);
  o += row("Serial Number", f.serial, 21, true);
  o += row("Device ID", upper(derived_serial(f, "device-id", "", 16)), 21, true);
  o += row("Firmware Version", f.version, 21, true);
  o += row("Boot Version", f.get("boot_version", "1.0.0.5"), 21, true);
  o += row("Hostname", f.hostname, 21, true);
  o += row("Eth1 MAC Address", mac(f, "00:80:a3"), 21, true);
  o += row("Uptime", uptime(f), 21, true);
  return o;
}

std::string dal_show_system(const Facts& f) {
  std::string o = "\n";
  o += " " + row("Model", f.model, 21);
  o += " " + row("Serial Number", f.serial, 21);
  o += " " + row("SKU", f.get("sku", "CIT-16-AC-W"), 21);
  o += " " + row("Hostname", f.hostname, 21);
  o += " " + row("MAC", upper(mac(f, "00:40:ff")), 21);
  o += "\n";
  o += " " + row("Hardware Version", "50001985-01 1P", 21);
  o += " " + row("Firmware Version", f.version, 21);
  o += " " + row("Alt. Firmware Version", f.get("alt_version", f.version), 21);
  o += " " + row("Bootloader Version", "19.7.23.0-15f936e0fd", 21);
  o += "\n";
  o += " " + row("Uptime", uptime(f), 21);
  o += " " + row("Temperature", "38C", 21);
  o += " " + row("Location", "", 21);
  o += " " + row("Contact", "", 21);
  return o;
}

std::string netos_info_device(const Facts& f) {
  std::string o = "Device Information:\n\n";
  o += "  " + row("Product", f.model, 20);
  o += "  " + row("MAC Address", f.serial, 20);
  o += "  " + row("Firmware Version", f.version + " 11/14/2012", 20);
  o += "  " + row("Boot Version", "82002536_B 02/20/2012", 20);
  o += "  " + row("Post Version", "82002537_E 02/20/2012", 20);
  o += "  " + row("Product VPD Version", "release_82002543_A", 20);
  o += "  " + row("Product ID", "0x009B", 20);
  o += "  " + row("Hardware Strapping", "0x0002", 20);
  o += "  " + row("CPU Utilization", "1 %", 20);
  o += "  " + row("Uptime", uptime(f), 20);
  o += "  " + row("Total Memory", "67108864", 20);
  o += "  " + row("Used Memory", "21834920", 20);
  return o;
}

}  // namespace

std::optional<std::string> avocent_acs(const Facts& f, std::string_view cmd) {
  if (cmd == "show /system/information") return acs_information(f);
  return std::nullopt;
}

std::optional<std::string> lantronix_slc(const Facts& f, std::string_view cmd) {
  if (cmd == "admin show") return slc_admin_show(f);
  return std::nullopt;
}

std::optional<std::string> digi_connect_it(const Facts& f, std::string_view cmd) {
  if (cmd == "show system") return dal_show_system(f);
  return std::nullopt;
}

std::optional<std::string> digi_connectport(const Facts& f, std::string_view cmd) {
  if (cmd == "info device") return netos_info_device(f);
  return std::nullopt;
}

}  // namespace attest::lab::render
