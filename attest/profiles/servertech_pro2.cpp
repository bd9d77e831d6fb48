// Server Technology Sentry PDUs (PRO1/PRO2 and PRO3X on firmware 8.x, Smart
// CDUs on 7.x): `show system` names the firmware as "Sentry <line> Version
// 8.0p" beside the model and serial numbers.
#include "attest/profiles/parsers.hpp"
#include "attest/profiles/pdu_fields.hpp"
#include "attest/profiles/text.hpp"

namespace attest::detail {
namespace {

constexpr std::string_view kShowSystem = "show system";

// "Firmware: Sentry Switched PDU Version 8.0p  (Date Oct 19 2020...)" (8.x),
// "F/W Version: Sentry Smart CDU Version 7.0k" (7.x): the word after "Version".
Result<std::string> firmware(std::string_view text) {
  auto line = text::find_field(text, "Firmware");
  if (!line) line = text::find_field(text, "F/W Version");
  if (!line) return parse_error(kShowSystem, "no 'Firmware:' line");
  constexpr std::string_view kMarker = " Version ";
  const auto at = line->find(kMarker);
  const auto word = at == std::string_view::npos ? std::string_view{} : text::first_word(line->substr(at + kMarker.size()));
  if (!line->starts_with("Sentry ") || word.empty())
    return parse_error(kShowSystem, "firmware line is not 'Sentry <product> Version <version>': \"" +
                                        text::excerpt(*line) + "\"");
  return std::string(word);
}

}  // namespace

Result<DeviceFacts> parse_servertech_pro2(const CommandOutputs& outputs) {
  auto text = output_text(outputs, kShowSystem);
  if (!text) return text.error();
  if (auto error = refused_command(*text, {"Invalid request", "Command not found", "Access denied"}, kShowSystem))
    return *error;
  auto version = firmware(*text);
  if (!version) return version.error();
  auto model = first_word_of_field(*text, {"Model Number", "Model"}, kShowSystem);
  if (!model) return model.error();
  auto serial = first_word_of_field(*text, {"Product Serial Number", "Serial Number", "Product S/N"}, kShowSystem);
  if (!serial) return serial.error();
  return checked_facts({"Server Technology", *model, *serial, *version}, "servertech-pro2");
}

}  // namespace attest::detail
