// Juniper Junos: `show version | display json` (model, version) and
// `show chassis hardware | display json` (serial). A virtual chassis or a
// dual-RE system wraps both in multi-routing-engine-results, one item per
// member; the first item is the master we are logged in to.
// Junos before 14.2 has no `| display json`: the profile falls back to the
// text forms (`show version`, `show chassis hardware`), read here as well.
#include "attest/profiles/forms.hpp"
#include "attest/profiles/json_read.hpp"
#include "attest/profiles/parsers.hpp"
#include "attest/profiles/text.hpp"

namespace attest::detail {
namespace {

constexpr std::string_view kShowVersion = "show version | display json";
constexpr std::string_view kShowHardware = "show chassis hardware | display json";
constexpr std::string_view kShowVersionText = "show version";
constexpr std::string_view kShowHardwareText = "show chassis hardware";

// root[key][0], looking through the multi-routing-engine wrapper if present.
const Json* section(const Json& root, std::string_view key) {
  if (const Json* direct = first_object(member(root, key))) return direct;
  const Json* results = first_object(member(root, "multi-routing-engine-results"));
  if (results == nullptr) return nullptr;
  const Json* item = first_object(member(*results, "multi-routing-engine-item"));
  return item != nullptr ? first_object(member(*item, key)) : nullptr;
}

// "JUNOS Software Release [12.1X47-D20.7]" -> "12.1X47-D20.7"
std::optional<std::string> bracketed(std::string_view comment) {
  const auto open = comment.find('[');
  if (open == std::string_view::npos) return std::nullopt;
  const auto close = comment.find(']', open + 1);
  if (close == std::string_view::npos) return std::nullopt;
  const auto inside = text::trim(comment.substr(open + 1, close - open - 1));
  if (inside.empty()) return std::nullopt;
  return std::string(inside);
}

// Releases before junos-version existed (15.1 and older) only name the
// release in package comments; the "junos" package, else any JUNOS comment.
std::optional<std::string> version_from_packages(const Json& software) {
  const Json* packages = member(software, "package-information");
  if (packages == nullptr || !packages->is_array()) return std::nullopt;
  std::optional<std::string> fallback;
  for (const auto& package : *packages) {
    auto comment = junos_data(package, "comment");
    if (!comment || comment->find("JUNOS") == std::string::npos) continue;
    auto version = bracketed(*comment);
    if (!version) continue;
    if (junos_data(package, "name") == std::optional<std::string>("junos")) return version;
    if (!fallback) fallback = version;
  }
  return fallback;
}

Result<Json> read_json(const CommandOutputs& outputs, std::string_view command) {
  auto text = output_text(outputs, command);
  if (!text) return text.error();
  // Junos before 14.2 has no JSON output and answers with a syntax error.
  if (text->find("syntax error") != std::string::npos && text->find('{') == std::string::npos)
    return parse_error(command, "the device rejected '| display json' (Junos before 14.2?): \"" +
                                    text::excerpt(*text) + "\"");
  return parse_json_output(*text, command);
}

Result<std::string> read_serial(const CommandOutputs& outputs) {
  auto hardware = read_json(outputs, kShowHardware);
  if (!hardware) return hardware.error();
  const Json* inventory = section(*hardware, "chassis-inventory");
  if (inventory == nullptr) return parse_error(kShowHardware, "no 'chassis-inventory' object");
  const Json* chassis = first_object(member(*inventory, "chassis"));
  if (chassis == nullptr) return parse_error(kShowHardware, "no 'chassis' in chassis-inventory");
  auto serial = junos_data(*chassis, "serial-number");
  if (!serial) return parse_error(kShowHardware, "the chassis has no 'serial-number'");
  return *serial;
}

// Text `show version`: "Model: srx240h2", then "Junos: 21.4R3-S3.4" (15.1
// and later) or a package line "JUNOS Software Release [12.1X47-D20.7]". A
// virtual chassis prints one block per member ("fpc0:"): the first counts.
Result<DeviceFacts> parse_text_version(const CommandOutputs& outputs) {
  auto text = output_text(outputs, kShowVersionText);
  if (!text) return text.error();
  auto model = text::find_field(*text, "Model");
  if (!model) return parse_error(kShowVersionText, "no 'Model:' line");
  std::optional<std::string> version;
  if (auto v = text::find_field(*text, "Junos")) version = std::string(*v);
  for (const auto line : text::lines(*text)) {
    if (version) break;
    if (text::trim(line).starts_with("JUNOS")) version = bracketed(line);
  }
  if (!version) return parse_error(kShowVersionText, "no 'Junos:' line and no 'JUNOS ... [<version>]' package line");
  return DeviceFacts{"Juniper", std::string(*model), "", *version};
}

// Text `show chassis hardware`: the "Chassis" row holds the serial number
// first, then the description ("Chassis   AH4712AF0048   SRX240H2").
Result<std::string> read_text_serial(const CommandOutputs& outputs) {
  auto text = output_text(outputs, kShowHardwareText);
  if (!text) return text.error();
  for (const auto line : text::lines(*text)) {
    const auto t = text::trim(line);
    if (text::first_word(t) != "Chassis") continue;
    const auto serial = text::first_word(text::trim(t.substr(std::string_view("Chassis").size())));
    if (!serial.empty()) return std::string(serial);
  }
  return parse_error(kShowHardwareText, "no 'Chassis' row with a serial number");
}

bool uses_text_hardware(const CommandOutputs& outputs) {
  return outputs.count(std::string(kShowHardware)) == 0 && outputs.count(std::string(kShowHardwareText)) != 0;
}

}  // namespace

std::optional<std::string> junos_refusal(std::string_view output) {
  return line_starting_with(output, {"syntax error", "error: syntax error", "error: unknown command", "unknown command"});
}

Result<DeviceFacts> parse_juniper_junos(const CommandOutputs& outputs) {
  if (outputs.count(std::string(kShowVersion)) == 0 && outputs.count(std::string(kShowVersionText)) != 0) {
    auto facts = parse_text_version(outputs);
    if (!facts) return facts.error();
    auto serial = uses_text_hardware(outputs) ? read_text_serial(outputs) : read_serial(outputs);
    if (!serial) return serial.error();
    facts->serial = *serial;
    return checked_facts(*facts, "juniper-junos");
  }
  auto json = read_json(outputs, kShowVersion);
  if (!json) return json.error();
  const Json* software = section(*json, "software-information");
  if (software == nullptr) return parse_error(kShowVersion, "no 'software-information' object");
  auto model = junos_data(*software, "product-model");
  if (!model) return parse_error(kShowVersion, "no 'product-model' in software-information");
  auto version = junos_data(*software, "junos-version");
  if (!version) version = version_from_packages(*software);
  if (!version)
    return parse_error(kShowVersion, "no 'junos-version' and no package-information comment like 'JUNOS ... [<version>]'");
  auto serial = uses_text_hardware(outputs) ? read_text_serial(outputs) : read_serial(outputs);
  if (!serial) return serial.error();
  return checked_facts({"Juniper", *model, *serial, *version}, "juniper-junos");
}

}  // namespace attest::detail
