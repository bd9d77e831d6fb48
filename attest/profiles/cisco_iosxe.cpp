// Cisco IOS-XE (and classic IOS) `show version`.
// Stacks print one "Model Number / System Serial Number" block per member;
// the first block belongs to the active member, which is the one we keep.
#include "attest/profiles/parsers.hpp"
#include "attest/profiles/text.hpp"

namespace attest::detail {
namespace {

constexpr std::string_view kShowVersion = "show version";

std::string_view strip_trailing_comma(std::string_view word) {
  while (!word.empty() && word.back() == ',') word.remove_suffix(1);
  return word;
}

// "Cisco IOS XE Software, Version 17.09.04a" keeps the zero padding the
// device prints; the IOSd line ("Cisco IOS Software [Cupertino], ...,
// Version 17.9.4a, RELEASE SOFTWARE (fc3)") is the fallback, also for classic IOS.
std::optional<std::string_view> find_version(std::string_view text) {
  if (auto xe = text::find_after_prefix(text, "Cisco IOS XE Software, Version ")) {
    if (auto word = strip_trailing_comma(text::first_word(*xe)); !word.empty()) return word;
  }
  constexpr std::string_view kVersion = "Version ";
  for (const auto raw : text::lines(text)) {
    const auto line = text::trim(raw);
    if (!line.starts_with("Cisco IOS Software") && !line.starts_with("IOS (tm)")) continue;
    const auto at = line.find(kVersion);
    if (at == std::string_view::npos) continue;
    if (auto word = strip_trailing_comma(text::first_word(line.substr(at + kVersion.size())));
        !word.empty())
      return word;
  }
  return std::nullopt;
}

// "cisco C9300-48P (X86) processor with ..." / "cisco ISR4431/K9 (1RU) processor ..."
std::optional<std::string_view> model_from_processor_line(std::string_view text) {
  for (const auto raw : text::lines(text)) {
    const auto line = text::trim(raw);
    if (line.size() < 6 || !text::iequals(line.substr(0, 6), "cisco ")) continue;
    if (line.find(" processor") == std::string_view::npos &&
        line.find("bytes of memory") == std::string_view::npos)
      continue;
    if (auto word = text::first_word(line.substr(6)); !word.empty()) return word;
  }
  return std::nullopt;
}

std::optional<std::string_view> find_model(std::string_view text) {
  if (auto model = text::find_field(text, "Model Number")) return model;
  return model_from_processor_line(text);
}

std::optional<std::string_view> find_serial(std::string_view text) {
  if (auto serial = text::find_field(text, "System Serial Number")) return serial;
  if (auto board = text::find_after_prefix(text, "Processor board ID")) {
    if (auto word = text::first_word(*board); !word.empty()) return word;
  }
  return std::nullopt;
}

}  // namespace

Result<DeviceFacts> parse_cisco_iosxe(const CommandOutputs& outputs) {
  auto text = output_text(outputs, kShowVersion);
  if (!text) return text.error();
  const auto version = find_version(*text);
  if (!version)
    return parse_error(kShowVersion, "no 'Cisco IOS XE Software, Version' or 'Cisco IOS Software ..., Version' line");
  const auto model = find_model(*text);
  if (!model) return parse_error(kShowVersion, "no 'Model Number' or 'cisco <model> ... processor' line");
  const auto serial = find_serial(*text);
  if (!serial) return parse_error(kShowVersion, "no 'System Serial Number' or 'Processor board ID' line");
  return checked_facts({"Cisco", std::string(*model), std::string(*serial), std::string(*version)},
                       "cisco-iosxe show version");
}

}  // namespace attest::detail
