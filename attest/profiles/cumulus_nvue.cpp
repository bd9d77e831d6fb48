// NVIDIA Cumulus Linux. 5.x (NVUE): `nv show system` ("build  Cumulus Linux
// 5.9.1") and `nv show platform` (product-name, serial-number; 5.0-5.3 print
// them under `nv show platform hardware`). 4.x (NCLU) has no `nv`: `net show
// system` holds all three ("Build....... Cumulus Linux 4.4.5", "Model......",
// "Serial Number....").
#include "attest/profiles/forms.hpp"
#include "attest/profiles/parsers.hpp"
#include "attest/profiles/text.hpp"

namespace attest::detail {
namespace {

constexpr std::string_view kNvSystem = "nv show system";
constexpr std::string_view kNvPlatform = "nv show platform";
constexpr std::string_view kNvPlatformHardware = "nv show platform hardware";
constexpr std::string_view kNetSystem = "net show system";

// NVUE tables: "<key>   <operational>   <applied>"; the operational value is
// the text after the key up to a run of two or more spaces.
std::optional<std::string> nv_value(std::string_view text, std::string_view key) {
  for (const auto line : text::lines(text)) {
    const auto t = text::trim(line);
    if (text::first_word(t) != key) continue;
    auto rest = text::trim(t.substr(key.size()));
    rest = text::trim(rest.substr(0, rest.find("  ")));
    if (!rest.empty()) return std::string(rest);
  }
  return std::nullopt;
}

// NCLU: "Serial Number.... MT1822K07815": the key, dots, the value.
std::optional<std::string> nclu_value(std::string_view text, std::string_view key) {
  for (const auto line : text::lines(text)) {
    const auto t = text::trim(line);
    if (!t.starts_with(key) || t.size() <= key.size() || t[key.size()] != '.') continue;
    auto rest = t.substr(key.size());
    while (!rest.empty() && rest.front() == '.') rest.remove_prefix(1);
    rest = text::trim(rest);
    if (!rest.empty()) return std::string(rest);
  }
  return std::nullopt;
}

// "Cumulus Linux 5.9.1" -> "5.9.1"
std::optional<std::string> release_of(std::optional<std::string> build) {
  constexpr std::string_view kName = "Cumulus Linux ";
  if (!build) return std::nullopt;
  const auto at = build->find(kName);
  if (at == std::string::npos) return std::nullopt;
  const auto release = text::first_word(std::string_view(*build).substr(at + kName.size()));
  if (release.empty()) return std::nullopt;
  return std::string(release);
}

Result<DeviceFacts> parse_nclu(const CommandOutputs& outputs) {
  auto text = output_text(outputs, kNetSystem);
  if (!text) return text.error();
  auto version = release_of(nclu_value(*text, "Build"));
  if (!version) return parse_error(kNetSystem, "no 'Build.... Cumulus Linux <release>' line");
  auto model = nclu_value(*text, "Model");
  if (!model) return parse_error(kNetSystem, "no 'Model....' line");
  auto serial = nclu_value(*text, "Serial Number");
  if (!serial) return parse_error(kNetSystem, "no 'Serial Number....' line");
  return checked_facts({"NVIDIA", *model, *serial, *version}, "cumulus-nvue");
}

}  // namespace

std::optional<std::string> cumulus_refusal(std::string_view output) {
  return line_starting_with(output, {"Error:", "-bash: ", "bash: ", "Invalid command"});
}

Result<DeviceFacts> parse_cumulus_nvue(const CommandOutputs& outputs) {
  if (outputs.count(std::string(kNvSystem)) == 0 && outputs.count(std::string(kNetSystem)) != 0) return parse_nclu(outputs);
  auto system = output_text(outputs, kNvSystem);
  if (!system) return system.error();
  auto version = release_of(nv_value(*system, "build"));
  if (!version) return parse_error(kNvSystem, "no 'build  Cumulus Linux <release>' row");
  const auto platform_command = answered_form(outputs, {kNvPlatform, kNvPlatformHardware});
  auto platform = output_text(outputs, platform_command);
  if (!platform) return platform.error();
  auto model = nv_value(*platform, "product-name");
  if (!model) model = nv_value(*platform, "part-number");
  if (!model) return parse_error(platform_command, "no 'product-name' (or 'part-number') row");
  auto serial = nv_value(*platform, "serial-number");
  if (!serial) return parse_error(platform_command, "no 'serial-number' row");
  return checked_facts({"NVIDIA", *model, *serial, *version}, "cumulus-nvue");
}

}  // namespace attest::detail
