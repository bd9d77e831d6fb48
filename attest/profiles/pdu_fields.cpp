#include "attest/profiles/pdu_fields.hpp"

#include "attest/profiles/text.hpp"

namespace attest::detail {

Result<std::string> first_word_of_field(std::string_view text, std::initializer_list<std::string_view> keys,
                                        std::string_view command) {
  for (const auto key : keys) {
    if (auto value = text::find_field(text, key)) {
      if (auto word = text::first_word(*value); !word.empty()) return std::string(word);
    }
  }
  return parse_error(command, "no '" + std::string(*keys.begin()) + ":' line");
}

std::optional<Error> refused_command(std::string_view text, std::initializer_list<std::string_view> refusals,
                                     std::string_view command) {
  for (const auto line : text::lines(text)) {
    const auto t = text::trim(line);
    if (t.empty()) continue;
    for (const auto refusal : refusals) {
      if (t.starts_with(refusal)) return parse_error(command, "the device answered \"" + text::excerpt(t) + "\"");
    }
    return std::nullopt;
  }
  return std::nullopt;
}

Result<DeviceFacts> facts_from_fields(const CommandOutputs& outputs, const FactFields& fields) {
  auto text = output_text(outputs, fields.command);
  if (!text) return text.error();
  if (auto error = refused_command(*text, fields.refusals, fields.command)) return *error;
  auto model = first_word_of_field(*text, fields.model, fields.command);
  if (!model) return model.error();
  auto serial = first_word_of_field(*text, fields.serial, fields.command);
  if (!serial) return serial.error();
  auto version = first_word_of_field(*text, fields.version, fields.command);
  if (!version) return version.error();
  return checked_facts({fields.vendor, *model, *serial, *version}, fields.origin);
}

}  // namespace attest::detail
