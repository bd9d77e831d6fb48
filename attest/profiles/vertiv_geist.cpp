// Vertiv Geist rPDUs with an IMD-03 monitoring device: the SSH CLI's
// `system info` prints the unit's model, serial and firmware version.
#include "attest/profiles/parsers.hpp"
#include "attest/profiles/pdu_fields.hpp"

namespace attest::detail {

Result<DeviceFacts> parse_vertiv_geist(const CommandOutputs& outputs) {
  return facts_from_fields(outputs, {.command = "system info",
                                     .vendor = "Vertiv",
                                     .origin = "vertiv-geist",
                                     .refusals = {"Unknown command", "Invalid command", "Error:"},
                                     .model = {"Model"},
                                     .serial = {"Serial Number", "Serial"},
                                     .version = {"Firmware Version", "Firmware"}});
}

}  // namespace attest::detail
