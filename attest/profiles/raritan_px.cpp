// Raritan PX2/PX3 (Xerus firmware) CLI: `show pdu details` prints the PDU's
// name, then "Model:", "Firmware Version:" and "Serial Number:" lines.
#include "attest/profiles/parsers.hpp"
#include "attest/profiles/pdu_fields.hpp"

namespace attest::detail {

Result<DeviceFacts> parse_raritan_px(const CommandOutputs& outputs) {
  return facts_from_fields(outputs, {.command = "show pdu details",
                                     .vendor = "Raritan",
                                     .origin = "raritan-px",
                                     .refusals = {"Unknown command", "Error:"},
                                     .model = {"Model"},
                                     .serial = {"Serial Number"},
                                     .version = {"Firmware Version"}});
}

}  // namespace attest::detail
