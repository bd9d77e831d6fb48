// Arista EOS (`show version | json`) and Junos (`| display json`) outputs.
#include <nlohmann/json.hpp>

#include "attest/lab/render_util.hpp"

namespace attest::lab::render {
namespace {

using ojson = nlohmann::ordered_json;

// "4.30.1F" -> "4301F": EOS internal versions end with the digits run together.
std::string eos_compact(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c != '.') out += c;
  }
  return out;
}

std::string eos_show_version(const Facts& f) {
  const auto n = stable_number(f, "uptime");
  const std::string system_mac = mac(f, "44:4c:a8");
  ojson j;
  j["mfgName"] = f.vendor;
  j["modelName"] = f.model;
  j["hardwareRevision"] = "11.00";
  j["serialNumber"] = f.serial;
  j["systemMacAddress"] = system_mac;
  j["hwMacAddress"] = system_mac;
  j["configMacAddress"] = "00:00:00:00:00:00";
  j["version"] = f.version;
  j["architecture"] = "x86_64";
  j["internalVersion"] = f.version + "-31275258." + eos_compact(f.version);
  j["internalBuildId"] = "2b9b1e0c-6f3e-4b4e-9d0e-" + derived_serial(f, "build", "", 12);
  j["imageFormatVersion"] = "3.0";
  j["imageOptimization"] = "Strata-4GB";
  j["bootupTimestamp"] = 1700000000.0 + static_cast<double>(n % 1000000);
  j["uptime"] = static_cast<double>(n % 5000000) + 0.25;
  j["memTotal"] = 8098984;
  j["memFree"] = 5766476;
  j["isIntlVersion"] = false;
  return j.dump(4) + "\n";
}

ojson data(const std::string& value) { return ojson::array({ojson{{"data", value}}}); }

ojson package(const std::string& name, const std::string& comment) {
  ojson p;
  p["name"] = data(name);
  p["comment"] = data(comment);
  return p;
}

std::string junos_show_version(const Facts& f) {
  ojson sw;
  sw["host-name"] = data(f.hostname);
  sw["product-model"] = data(f.model);
  sw["product-name"] = data(f.model);
  sw["junos-version"] = data(f.version);
  sw["package-information"] = ojson::array({
      package("junos", "JUNOS Base OS boot [" + f.version + "]"),
      package("junos-libs", "JUNOS libs [" + f.version + "]"),
      package("junos-runtime", "JUNOS runtime [" + f.version + "]"),
  });
  ojson j;
  j["software-information"] = ojson::array({sw});
  return j.dump(4) + "\n";
}

ojson module(const std::string& name, const std::string& version, const std::string& part,
             const std::string& serial, const std::string& description) {
  ojson m;
  m["name"] = data(name);
  if (!version.empty()) m["version"] = data(version);
  if (!part.empty()) m["part-number"] = data(part);
  if (!serial.empty()) m["serial-number"] = data(serial);
  m["description"] = data(description);
  return m;
}

std::string junos_chassis_hardware(const Facts& f) {
  const std::string model_upper = upper(f.model);
  ojson fpc = module("FPC 0", "REV 28", "650-106301", derived_serial(f, "fpc0", "DK", 8), model_upper);
  fpc["chassis-sub-module"] = ojson::array({module("PIC 0", "", "BUILTIN", "BUILTIN", "48x10/25G-8x100G")});
  ojson chassis;
  chassis["attributes"] = {{"junos:style", "inventory"}};
  chassis["name"] = data("Chassis");
  chassis["serial-number"] = data(f.serial);
  chassis["description"] = data(model_upper);
  chassis["chassis-module"] = ojson::array({
      module("Routing Engine 0", "", "BUILTIN", "BUILTIN", model_upper),
      fpc,
      module("Power Supply 0", "REV 03", "740-073765", derived_serial(f, "psu0", "1GD", 8),
             "JPSU-650W-AC-AFO"),
      module("Power Supply 1", "REV 03", "740-073765", derived_serial(f, "psu1", "1GD", 8),
             "JPSU-650W-AC-AFO"),
      module("Fan Tray 0", "", "", "", "QFX5110 Fan Tray 0, Front to Back Airflow - AFO"),
  });
  ojson inv;
  inv["attributes"] = {{"xmlns", "http://xml.juniper.net/junos/21.4R0/junos-chassis"}};
  inv["chassis"] = ojson::array({chassis});
  ojson j;
  j["chassis-inventory"] = ojson::array({inv});
  return j.dump(4) + "\n";
}

// The text forms, all that Junos before 14.2 offers (`| display json` came in 14.2).
std::string junos_show_version_text(const Facts& f) {
  std::string o;
  o += "Hostname: " + f.hostname + "\n";
  o += "Model: " + f.model + "\n";
  o += "JUNOS Software Release [" + f.version + "]\n";
  return o;
}

std::string junos_chassis_hardware_text(const Facts& f) {
  const std::string model_upper = upper(f.model);
  std::string o = "Hardware inventory:\n";
  o += "Item             Version  Part number  Serial number     Description\n";
  o += "Chassis                                " + f.serial + "      " + model_upper + "\n";
  o += "Routing Engine   REV 42   750-021793   " + derived_serial(f, "re0", "AAEC", 4) + "          RE-" + model_upper + "\n";
  o += "FPC 0                                                    FPC\n";
  o += "  PIC 0                                                  16x GE Base PIC\n";
  o += "Power Supply 0\n";
  return o;
}

}  // namespace

std::optional<std::string> arista_eos(const Facts& f, std::string_view cmd) {
  if (cmd == "show version | json") return eos_show_version(f);
  return std::nullopt;
}

std::optional<std::string> juniper_junos(const Facts& f, std::string_view cmd) {
  if (cmd == "show version | display json") return junos_show_version(f);
  if (cmd == "show chassis hardware | display json") return junos_chassis_hardware(f);
  if (cmd == "show version") return junos_show_version_text(f);
  if (cmd == "show chassis hardware") return junos_chassis_hardware_text(f);
  return std::nullopt;
}

}  // namespace attest::lab::render
