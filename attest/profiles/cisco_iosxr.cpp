// Cisco IOS-XR: `show version` ("Cisco IOS XR Software, Version 7.9.2 LNT",
// 6.x and older "Version 6.1.4[Default]") and `show inventory`, whose chassis
// entry is NAME "Rack 0" (else an entry named or described as a chassis).
// Both outputs start with a timestamp line ("Tue Jan 16 13:19:27.208 AEST").
#include "attest/profiles/forms.hpp"
#include "attest/profiles/parsers.hpp"
#include "attest/profiles/text.hpp"

namespace attest::detail {
namespace {

constexpr std::string_view kShowVersion = "show version";
constexpr std::string_view kShowInventory = "show inventory";

Result<std::string> read_version(const CommandOutputs& outputs) {
  auto text = output_text(outputs, kShowVersion);
  if (!text) return text.error();
  constexpr std::string_view kMarker = "Cisco IOS XR Software, Version ";
  for (const auto line : text::lines(*text)) {
    const auto at = line.find(kMarker);
    if (at == std::string_view::npos) continue;
    auto version = text::first_word(line.substr(at + kMarker.size()));
    version = version.substr(0, version.find('['));  // "6.1.4[Default]"
    if (!version.empty()) return std::string(version);
  }
  return parse_error(kShowVersion, "no 'Cisco IOS XR Software, Version <release>' line");
}

bool names_chassis(std::string_view line) {
  const auto name = inventory_value(line, "NAME");
  if (!name) return false;
  if (*name == "Rack 0" || text::iequals(*name, "chassis")) return true;
  const auto descr = inventory_value(line, "DESCR");
  return name->find("hassis") != std::string::npos || (descr && descr->find("Chassis") != std::string::npos);
}

}  // namespace

Result<DeviceFacts> parse_cisco_iosxr(const CommandOutputs& outputs) {
  auto version = read_version(outputs);
  if (!version) return version.error();
  auto text = output_text(outputs, kShowInventory);
  if (!text) return text.error();
  const auto lines = text::lines(*text);
  // "Rack 0" first: a line card's DESCR may mention the chassis too.
  for (const bool rack_only : {true, false}) {
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
      const bool match = rack_only ? inventory_value(lines[i], "NAME") == std::optional<std::string>("Rack 0")
                                   : names_chassis(lines[i]);
      if (!match) continue;
      auto model = inventory_value(lines[i + 1], "PID");
      auto serial = inventory_value(lines[i + 1], "SN");
      if (!model || !serial) return parse_error(kShowInventory, "the chassis entry has no PID or SN");
      return checked_facts({"Cisco", *model, *serial, *version}, "cisco-iosxr");
    }
  }
  return parse_error(kShowInventory, "no 'NAME: \"Rack 0\"' (or chassis) entry");
}

}  // namespace attest::detail
