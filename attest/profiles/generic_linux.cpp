// Generic Linux hosts (servers, BMCs that run a full Linux): the OS release
// from /etc/os-release, the hardware identity from the DMI (SMBIOS) files.
#include "attest/profiles/parsers.hpp"
#include "attest/profiles/text.hpp"

namespace attest::detail {
namespace {

constexpr std::string_view kOsRelease = "cat /etc/os-release";
constexpr std::string_view kSysVendor = "cat /sys/class/dmi/id/sys_vendor";
constexpr std::string_view kProductName = "cat /sys/class/dmi/id/product_name";
constexpr std::string_view kProductSerial = "cat /sys/class/dmi/id/product_serial";

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

// A DMI file holds one line. `cat` failing prints "cat: <path>: <reason>".
Result<std::string> read_dmi(const CommandOutputs& outputs, std::string_view command) {
  auto text = output_text(outputs, command);
  if (!text) return text.error();
  for (const auto line : text::lines(*text)) {
    const auto t = text::trim(line);
    if (t.empty()) continue;
    if (t.starts_with("cat: ")) return parse_error(command, "the file could not be read: \"" + text::excerpt(t) + "\"");
    if (text::is_placeholder(t)) return parse_error(command, "the firmware left the placeholder '" + std::string(t) + "'");
    return std::string(t);
  }
  return parse_error(command, "printed nothing");
}

}  // namespace

Result<DeviceFacts> parse_generic_linux(const CommandOutputs& outputs) {
  auto os_release = output_text(outputs, kOsRelease);
  if (!os_release) return os_release.error();
  auto version = os_release_value(*os_release, "VERSION_ID");
  if (!version) return parse_error(kOsRelease, "no VERSION_ID line (rolling or testing release?)");
  auto vendor = read_dmi(outputs, kSysVendor);
  if (!vendor) {
    // Some boards leave sys_vendor empty or unset: the distribution name still says what runs there.
    auto name = os_release_value(*os_release, "NAME");
    if (!name) return make_error(ErrorKind::parse, vendor.error().message + ", and /etc/os-release has no NAME line");
    vendor = std::move(*name);
  }
  auto model = read_dmi(outputs, kProductName);
  if (!model) return model.error();
  auto serial = read_dmi(outputs, kProductSerial);
  if (!serial) return serial.error();
  return checked_facts({*vendor, *model, *serial, *version}, "generic-linux");
}

}  // namespace attest::detail
