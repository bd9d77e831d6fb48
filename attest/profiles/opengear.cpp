// Opengear console servers: /etc/version for the firmware, the config
// database for the model, `showserial` for the serial.
#include "attest/profiles/parsers.hpp"
#include "attest/profiles/text.hpp"

namespace attest::detail {
namespace {

constexpr std::string_view kCatVersion = "cat /etc/version";
constexpr std::string_view kConfigModel = "config -g config.system.model";
constexpr std::string_view kShowSerial = "showserial";

// "OpenGear/IM72xx Version 4.13.0 bd0e2a1c -- Tue Mar 19 02:41:18 UTC 2024"
Result<std::string> read_version(const CommandOutputs& outputs) {
  auto text = output_text(outputs, kCatVersion);
  if (!text) return text.error();
  constexpr std::string_view kMarker = " Version ";
  for (const auto line : text::lines(*text)) {
    const auto t = text::trim(line);
    const auto at = t.find(kMarker);
    if (!t.starts_with("OpenGear/") || at == std::string_view::npos) continue;
    if (auto word = text::first_word(t.substr(at + kMarker.size())); !word.empty()) return std::string(word);
  }
  return parse_error(kCatVersion, "no 'OpenGear/<family> Version <version>' line");
}

// "config.system.model IM7216-2-24E-DAC"
Result<std::string> read_model(const CommandOutputs& outputs) {
  auto text = output_text(outputs, kConfigModel);
  if (!text) return text.error();
  if (auto value = text::find_after_prefix(*text, "config.system.model ")) {
    if (auto word = text::first_word(*value); !word.empty()) return std::string(word);
  }
  return parse_error(kConfigModel, "no 'config.system.model <model>' line");
}

// One line holding one word; anything else (an error message) is refused.
Result<std::string> read_serial(const CommandOutputs& outputs) {
  auto text = output_text(outputs, kShowSerial);
  if (!text) return text.error();
  for (const auto line : text::lines(*text)) {
    const auto t = text::trim(line);
    if (t.empty()) continue;
    if (t != text::first_word(t) || t.find(':') != std::string_view::npos)
      return parse_error(kShowSerial, "expected a serial number alone on its line, got \"" + text::excerpt(t) + "\"");
    return std::string(t);
  }
  return parse_error(kShowSerial, "printed no serial number");
}

}  // namespace

Result<DeviceFacts> parse_opengear(const CommandOutputs& outputs) {
  auto version = read_version(outputs);
  if (!version) return version.error();
  auto model = read_model(outputs);
  if (!model) return model.error();
  auto serial = read_serial(outputs);
  if (!serial) return serial.error();
  return checked_facts({"Opengear", *model, *serial, *version}, "opengear");
}

}  // namespace attest::detail
