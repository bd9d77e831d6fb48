// Generic Linux hosts (servers, BMCs that run a full Linux): the OS release
// from /etc/os-release, the hardware identity from the DMI (SMBIOS) files.
// Those are not always there: product_serial is root-only, containers and
// many VMs and ARM boards have no DMI at all. The profile then falls back
// to `sudo -n dmidecode -s ...` (where sudo allows it without a password)
// and the device tree (/proc/device-tree/model, serial-number); whichever
// form answered is the one in `outputs`.
#include "attest/profiles/forms.hpp"
#include "attest/profiles/parsers.hpp"
#include "attest/profiles/text.hpp"

namespace attest::detail {
namespace {

constexpr std::string_view kOsRelease = "cat /etc/os-release";
constexpr std::string_view kSysVendor = "cat /sys/class/dmi/id/sys_vendor";
constexpr std::string_view kProductName = "cat /sys/class/dmi/id/product_name";
constexpr std::string_view kProductSerial = "cat /sys/class/dmi/id/product_serial";
constexpr std::string_view kDmidecodeVendor = "sudo -n dmidecode -s system-manufacturer";
constexpr std::string_view kDmidecodeProduct = "sudo -n dmidecode -s system-product-name";
constexpr std::string_view kDmidecodeSerial = "sudo -n dmidecode -s system-serial-number";
constexpr std::string_view kDeviceTreeModel = "cat /proc/device-tree/model";
constexpr std::string_view kDeviceTreeSerial = "cat /proc/device-tree/serial-number";

// os-release values are shell-quoted: VERSION_ID="12", NAME='x', VERSION_ID=22.04.
std::string unquote(std::string_view value) {
  value = text::trim(value);
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
    value = value.substr(1, value.size() - 2);
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 1 < value.size()) ++i;  // \" \\ \$ \` per os-release(5)
    out.push_back(value[i]);
  }
  return out;
}

std::optional<std::string> os_release_value(std::string_view text, std::string_view key) {
  auto raw = text::find_field(text, key, '=');
  if (!raw) return std::nullopt;
  auto value = unquote(*raw);
  if (text::trim(value).empty()) return std::nullopt;
  return value;
}

// A DMI file holds one line; dmidecode may print "# ..." comments first; a
// device-tree string ends in NUL (dropped by text::clean). `cat` failing
// prints "cat: <path>: <reason>".
Result<std::string> read_dmi(const CommandOutputs& outputs, std::string_view command) {
  auto text = output_text(outputs, command);
  if (!text) return text.error();
  for (const auto line : text::lines(*text)) {
    const auto t = text::trim(line);
    if (t.empty() || t.starts_with("#")) continue;
    if (t.starts_with("cat: ")) return parse_error(command, "the file could not be read: \"" + text::excerpt(t) + "\"");
    if (text::is_placeholder(t)) return parse_error(command, "the firmware left the placeholder '" + std::string(t) + "'");
    return std::string(t);
  }
  return parse_error(command, "printed nothing");
}

}  // namespace

// What a non-root login, a VM or a board without DMI prints instead of a value.
std::optional<std::string> linux_refusal(std::string_view output) {
  if (auto refused = line_starting_with(output, {"cat: ", "sudo: ", "# No SMBIOS nor DMI entry point found",
                                                 "/dev/mem: ", "-sh: ", "bash: "})) {
    return refused;
  }
  for (const auto line : text::lines(output)) {
    const auto t = text::trim(line);
    if (t.empty() || t.starts_with("#")) continue;
    if (text::is_placeholder(t)) return "the firmware left the placeholder '" + text::excerpt(t) + "'";
    return std::nullopt;
  }
  return std::nullopt;
}

Result<DeviceFacts> parse_generic_linux(const CommandOutputs& outputs) {
  auto os_release = output_text(outputs, kOsRelease);
  if (!os_release) return os_release.error();
  auto version = os_release_value(*os_release, "VERSION_ID");
  if (!version) return parse_error(kOsRelease, "no VERSION_ID line (rolling or testing release?)");
  auto vendor = read_dmi(outputs, answered_form(outputs, {kSysVendor, kDmidecodeVendor}));
  if (!vendor) {
    // Some boards leave sys_vendor empty or unset: the distribution name still says what runs there.
    auto name = os_release_value(*os_release, "NAME");
    if (!name) return make_error(ErrorKind::parse, vendor.error().message + ", and /etc/os-release has no NAME line");
    vendor = std::move(*name);
  }
  auto model = read_dmi(outputs, answered_form(outputs, {kProductName, kDmidecodeProduct, kDeviceTreeModel}));
  if (!model) return model.error();
  auto serial = read_dmi(outputs, answered_form(outputs, {kProductSerial, kDmidecodeSerial, kDeviceTreeSerial}));
  if (!serial) return serial.error();
  return checked_facts({*vendor, *model, *serial, *version}, "generic-linux");
}

}  // namespace attest::detail
