// HPE Aruba AOS-CX: `show version` ("Version      : FL.10.13.1000") and
// `show system` ("Product Name : JL665A 6300F 48G ...", "Chassis Serial
// Nbr : SG0ZKMN123"). The model is the product number that starts the
// product name (JL665A), the form inventories and price lists use.
#include "attest/profiles/forms.hpp"
#include "attest/profiles/parsers.hpp"
#include "attest/profiles/text.hpp"

namespace attest::detail {
namespace {

constexpr std::string_view kShowVersion = "show version";
constexpr std::string_view kShowSystem = "show system";

}  // namespace

std::optional<std::string> aoscx_refusal(std::string_view output) {
  return line_starting_with(output, {"Invalid input:", "% Invalid", "% Unknown command"});
}

Result<DeviceFacts> parse_aruba_aoscx(const CommandOutputs& outputs) {
  auto version_text = output_text(outputs, kShowVersion);
  if (!version_text) return version_text.error();
  auto system = output_text(outputs, kShowSystem);
  if (!system) return system.error();
  auto version = text::find_field(*version_text, "Version");
  if (!version) version = text::find_field(*system, "ArubaOS-CX Version");
  if (!version) return parse_error(kShowVersion, "no 'Version :' line (and no 'ArubaOS-CX Version' in show system)");
  auto product = text::find_field(*system, "Product Name");
  if (!product) return parse_error(kShowSystem, "no 'Product Name :' line");
  auto serial = text::find_field(*system, "Chassis Serial Nbr");
  if (!serial) return parse_error(kShowSystem, "no 'Chassis Serial Nbr :' line");
  return checked_facts({"Aruba", std::string(text::first_word(*product)), std::string(*serial), std::string(*version)},
                       "aruba-aoscx");
}

}  // namespace attest::detail
