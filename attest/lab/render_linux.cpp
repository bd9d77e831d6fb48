// Linux-based devices: SONiC, Opengear console servers, generic Linux/BMCs.
#include <algorithm>

#include "attest/lab/render_util.hpp"

namespace attest::lab::render {
namespace {

std::string sonic_show_version(const Facts& f) {
  const auto n = stable_number(f, "uptime");
  std::string o;
  o += "\nSONiC Software Version: SONiC." + f.version + "\n";
  o += "SONiC OS Version: 11\n"
       "Distribution: Debian 11.8\n"
       "Kernel: 5.10.0-23-2-amd64\n"
       "Build commit: 7995b757b\n"
       "Build date: Fri Mar 15 06:31:21 UTC 2024\n"
       "Built by: sonicbld@sonic-build-vm\n\n"
       "Platform: " + f.get("platform", "x86_64-accton_as7326_56x-r0") + "\n";
  o += "HwSKU: " + f.model + "\n";
  o += "ASIC: broadcom\nASIC Count: 1\n";
  o += "Serial Number: " + f.serial + "\n";
  o += "Model Number: " + f.get("part_number", "FP3ZZ7632014") + "\n";
  o += "Hardware Revision: N/A\n";
  o += "Uptime: 10:21:03 up " + std::to_string(n % 200) + " days,  3:41,  1 user,  load average: 0.78, 0.84, 0.80\n";
  o += "Date: Fri 22 Mar 2024 10:21:03\n\n";
  o += "Docker images:\n";
  const char* images[] = {"docker-syncd-brcm", "docker-orchagent", "docker-fpm-frr", "docker-lldp",
                          "docker-platform-monitor", "docker-database", "docker-teamd", "docker-snmp"};
  o += "REPOSITORY                 TAG                       IMAGE ID            SIZE\n";
  for (const char* image : images) {
    std::string repo = image;
    repo.resize(27, ' ');
    std::string tag = f.version;
    tag.resize(std::max<std::size_t>(tag.size() + 1, 26), ' ');
    o += repo + tag + lower(derived_serial(f, image, "", 12)) + "        " +
         std::to_string(200 + stable_number(f, image) % 600) + "MB\n";
  }
  return o;
}

std::string os_release(const Facts& f) {
  const std::string name = f.get("os_name", "Debian GNU/Linux");
  const bool debian = name == "Debian GNU/Linux";
  std::string id = lower(name.substr(0, name.find(' ')));
  std::string codename;
  if (debian && f.version == "12") codename = "bookworm";
  if (debian && f.version == "11") codename = "bullseye";
  const std::string version = codename.empty() ? f.version : f.version + " (" + codename + ")";
  std::string o;
  o += "PRETTY_NAME=\"" + name + " " + version + "\"\n";
  o += "NAME=\"" + name + "\"\n";
  o += "VERSION_ID=\"" + f.version + "\"\n";
  o += "VERSION=\"" + version + "\"\n";
  if (!codename.empty()) o += "VERSION_CODENAME=" + codename + "\n";
  o += "ID=" + id + "\n";
  if (debian) {
    o += "HOME_URL=\"https://www.debian.org/\"\n"
         "SUPPORT_URL=\"https://www.debian.org/support\"\n"
         "BUG_REPORT_URL=\"https://bugs.debian.org/\"\n";
  }
  return o;
}

}  // namespace

std::optional<std::string> sonic(const Facts& f, std::string_view cmd) {
  if (cmd == "show version") return sonic_show_version(f);
  return std::nullopt;
}

std::optional<std::string> opengear(const Facts& f, std::string_view cmd) {
  if (cmd == "cat /etc/version") {
    return "OpenGear/IM72xx Version " + f.version + " bd0e2a1c -- Tue Mar 19 02:41:18 UTC 2024\n";
  }
  if (cmd == "config -g config.system.model") return "config.system.model " + f.model + "\n";
  if (cmd == "showserial") return f.serial + "\n";
  return std::nullopt;
}

// Facts "dmi": "root-only" (product_serial mode 0400, as on most distributions),
// "absent" (containers, many VMs, ARM boards); "sudo": "dmidecode" when the
// login may run `sudo -n dmidecode`; "device_tree_serial"/"device_tree_model":
// what /proc/device-tree holds (NUL-terminated strings).
std::optional<std::string> generic_linux(const Facts& f, std::string_view cmd) {
  if (cmd == "cat /etc/os-release") return os_release(f);
  const bool dmi = f.get("dmi", "readable") != "absent";
  if (dmi && cmd == "cat /sys/class/dmi/id/sys_vendor") return f.vendor + "\n";
  if (dmi && cmd == "cat /sys/class/dmi/id/product_name") return f.model + "\n";
  if (dmi && f.get("dmi", "") != "root-only" && cmd == "cat /sys/class/dmi/id/product_serial") return f.serial + "\n";
  if (dmi && f.get("sudo", "") == "dmidecode") {
    if (cmd == "sudo -n dmidecode -s system-manufacturer") return f.vendor + "\n";
    if (cmd == "sudo -n dmidecode -s system-product-name") return f.model + "\n";
    if (cmd == "sudo -n dmidecode -s system-serial-number") return f.serial + "\n";
  }
  const std::string tree_model = f.get("device_tree_model", "");
  const std::string tree_serial = f.get("device_tree_serial", "");
  if (!tree_model.empty() && cmd == "cat /proc/device-tree/model") return tree_model + std::string(1, '\0');
  if (!tree_serial.empty() && cmd == "cat /proc/device-tree/serial-number") return tree_serial + std::string(1, '\0');
  return std::nullopt;
}

std::optional<CommandFailure> generic_linux_failure(const Facts& f, std::string_view cmd) {
  const std::string_view cat = "cat ";
  if (cmd.starts_with(cat)) {
    const std::string path(cmd.substr(cat.size()));
    const bool denied = path == "/sys/class/dmi/id/product_serial" && f.get("dmi", "") == "root-only";
    return CommandFailure{"cat: " + path + (denied ? ": Permission denied\n" : ": No such file or directory\n"), 1};
  }
  if (cmd.starts_with("sudo -n ")) {
    if (f.get("sudo", "") != "dmidecode") return CommandFailure{"sudo: a password is required\n", 1};
    return CommandFailure{"# No SMBIOS nor DMI entry point found, sorry.\n", 1};
  }
  return std::nullopt;
}

}  // namespace attest::lab::render
