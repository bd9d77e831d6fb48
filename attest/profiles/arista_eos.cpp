// Arista EOS `show version | json`: modelName, serialNumber, version.
#include "attest/profiles/json_read.hpp"
#include "attest/profiles/parsers.hpp"

namespace attest::detail {

Result<DeviceFacts> parse_arista_eos(const CommandOutputs& outputs) {
  constexpr std::string_view kShowVersion = "show version | json";
  auto json = json_output(outputs, kShowVersion);
  if (!json) return json.error();
  auto model = string_member(*json, "modelName");
  if (!model) return parse_error(kShowVersion, "no 'modelName' string");
  // vEOS and some lab units print an empty serialNumber: nothing to match the inventory with.
  auto serial = string_member(*json, "serialNumber");
  if (!serial) return parse_error(kShowVersion, "no 'serialNumber' string (or it is empty)");
  auto version = string_member(*json, "version");
  if (!version) version = string_member(*json, "internalVersion");
  if (!version) return parse_error(kShowVersion, "no 'version' or 'internalVersion' string");
  return checked_facts({"Arista", *model, *serial, *version}, "arista-eos");
}

}  // namespace attest::detail
