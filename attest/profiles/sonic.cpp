// SONiC `show version`: "SONiC Software Version: SONiC.<version>",
// "HwSKU: <sku>" (our model) and "Serial Number: <serial>".
#include "attest/profiles/parsers.hpp"
#include "attest/profiles/text.hpp"

namespace attest::detail {

Result<DeviceFacts> parse_sonic(const CommandOutputs& outputs) {
  constexpr std::string_view kShowVersion = "show version";
  constexpr std::string_view kImagePrefix = "SONiC.";
  auto text = output_text(outputs, kShowVersion);
  if (!text) return text.error();
  const auto image = text::find_field(*text, "SONiC Software Version");
  if (!image) return parse_error(kShowVersion, "no 'SONiC Software Version' line");
  const auto word = text::first_word(*image);
  if (!word.starts_with(kImagePrefix) || word.size() == kImagePrefix.size())
    return parse_error(kShowVersion, "'SONiC Software Version' is not 'SONiC.<version>': \"" +
                                         text::excerpt(*image) + "\"");
  const auto model = text::find_field(*text, "HwSKU");
  if (!model) return parse_error(kShowVersion, "no 'HwSKU' line");
  const auto serial = text::find_field(*text, "Serial Number");
  if (!serial) return parse_error(kShowVersion, "no 'Serial Number' line");
  return checked_facts({"SONiC", std::string(*model), std::string(*serial),
                        std::string(word.substr(kImagePrefix.size()))},
                       "sonic show version");
}

}  // namespace attest::detail
