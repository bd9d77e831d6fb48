// Console servers whose CLI is not a Unix shell. Each prints its model,
// serial and firmware in one "Key: value" report; the profiles differ only
// in the command and the keys, so one reader parses all four.
//  - Avocent/Vertiv ACS 6000 and ACS 800/8000: `show /system/information`
//    (the web manager's Information page; the CLI takes a path after `show`
//    from any level): "model: ACS8048", "serial number:", "firmware: 3.8.0.9".
//  - Lantronix SLC 8000: `admin show`: "Model:", "Serial Number:",
//    "Firmware Version: 8.3.0.0R2".
//  - Digi Connect IT (Digi Accelerated Linux): `show system`: "Model : Digi
//    Connect IT 16", "Serial Number", "Firmware Version" (the running bank;
//    "Alt. Firmware Version" is the other one).
//  - Digi ConnectPort TS (NET+OS): `info device`: "Product", "MAC Address",
//    "Firmware Version : 82002549_K 11/14/2012". This CLI prints no serial
//    number: the MAC on the unit's label identifies it, so the MAC is
//    reported as the serial and the inventory holds the MAC there.
#include <string>

#include "attest/profiles/parsers.hpp"
#include "attest/profiles/text.hpp"

namespace attest::detail {
namespace {

struct FieldReport {
  std::string_view origin;   // profile name, for errors ("avocent-acs: empty serial")
  std::string_view vendor;
  std::string_view command;  // the one command whose output holds the report
  std::string_view version_key;
  std::string_view model_key;
  std::string_view serial_key;
  bool model_has_spaces = false;  // "Digi Connect IT 16": the whole value, not its first word
};

// The first non-empty field of `key` (ignoring case). Versions and serials
// are the value's first word, so a build date after a version
// ("3.6.0.4 (Mar/14/19)") is left out.
Result<std::string> field_value(const FieldReport& report, std::string_view text, std::string_view key,
                                bool whole) {
  const auto value = text::find_field(text, key);
  if (!value) return parse_error(report.command, "no '" + std::string(key) + ": <value>' line");
  const auto trimmed = text::trim(*value);
  return std::string(whole ? trimmed : text::first_word(trimmed));
}

Result<DeviceFacts> parse_field_report(const CommandOutputs& outputs, const FieldReport& report) {
  auto text = output_text(outputs, report.command);
  if (!text) return text.error();
  auto version = field_value(report, *text, report.version_key, false);
  if (!version) return version.error();
  auto model = field_value(report, *text, report.model_key, report.model_has_spaces);
  if (!model) return model.error();
  auto serial = field_value(report, *text, report.serial_key, false);
  if (!serial) return serial.error();
  return checked_facts({std::string(report.vendor), *model, *serial, *version}, report.origin);
}

constexpr FieldReport kAvocentAcs{"avocent-acs", "Vertiv", "show /system/information", "firmware", "model",
                                  "serial number"};
constexpr FieldReport kLantronixSlc{"lantronix-slc", "Lantronix", "admin show", "Firmware Version", "Model",
                                    "Serial Number"};
constexpr FieldReport kDigiConnectIt{"digi-connect-it", "Digi", "show system", "Firmware Version", "Model",
                                     "Serial Number", true};
constexpr FieldReport kDigiConnectPort{"digi-connectport", "Digi", "info device", "Firmware Version", "Product",
                                       "MAC Address", true};

}  // namespace

Result<DeviceFacts> parse_avocent_acs(const CommandOutputs& o) { return parse_field_report(o, kAvocentAcs); }
Result<DeviceFacts> parse_lantronix_slc(const CommandOutputs& o) { return parse_field_report(o, kLantronixSlc); }
Result<DeviceFacts> parse_digi_connect_it(const CommandOutputs& o) { return parse_field_report(o, kDigiConnectIt); }
Result<DeviceFacts> parse_digi_connectport(const CommandOutputs& o) {
  return parse_field_report(o, kDigiConnectPort);
}

}  // namespace attest::detail
