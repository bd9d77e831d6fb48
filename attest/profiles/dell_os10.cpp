// Dell OS10 (SmartFabric OS10): `show version` for "OS Version" and "System
// Type", `show inventory` for the product and the service tag. The service
// tag (the unit row marked '*') is what Dell and the site's inventory call
// the serial; "Product Serial Number" is often empty and only stands in.
#include "attest/profiles/forms.hpp"
#include "attest/profiles/parsers.hpp"
#include "attest/profiles/text.hpp"

namespace attest::detail {
namespace {

constexpr std::string_view kShowVersion = "show version";
constexpr std::string_view kShowInventory = "show inventory";

// The whitespace-separated words of `line`.
std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  for (auto rest = text::trim(line); !rest.empty(); rest = text::trim(rest)) {
    const auto word = text::first_word(rest);
    out.push_back(word);
    rest.remove_prefix(word.size());
  }
  return out;
}

// "Unit Type Part Number Rev Piece Part ID Svc Tag ..." then "* 1  S5248F-ON  0KT9P7  A00  CN-0KT9P7-...  5LNGRW2  ...":
// the row of the unit we are logged in to; its 7th word is the service tag.
std::optional<std::string> service_tag(std::string_view inventory) {
  for (const auto line : text::lines(inventory)) {
    const auto w = words(line);
    if (w.size() >= 7 && w[0] == "*") return std::string(w[6]);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> os10_refusal(std::string_view output) {
  return line_starting_with(output, {"% Error:", "% Error"});
}

Result<DeviceFacts> parse_dell_os10(const CommandOutputs& outputs) {
  auto version_text = output_text(outputs, kShowVersion);
  if (!version_text) return version_text.error();
  auto version = text::find_field(*version_text, "OS Version");
  if (!version) return parse_error(kShowVersion, "no 'OS Version:' line");
  auto inventory = output_text(outputs, kShowInventory);
  if (!inventory) return inventory.error();
  auto model = text::find_field(*inventory, "Product");
  if (!model) model = text::find_field(*version_text, "System Type");
  if (!model) return parse_error(kShowInventory, "no 'Product' line (and no 'System Type' in show version)");
  auto serial = service_tag(*inventory);
  if (!serial) {
    if (auto ppid = text::find_field(*inventory, "Product Serial Number")) serial = std::string(*ppid);
  }
  if (!serial) return parse_error(kShowInventory, "no unit row marked '*' with a service tag, and no 'Product Serial Number'");
  return checked_facts({"Dell", std::string(*model), *serial, std::string(*version)}, "dell-os10");
}

}  // namespace attest::detail
