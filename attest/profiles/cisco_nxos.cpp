// Cisco NX-OS: `show version | json` for the version, the "Chassis" row of
// `show inventory | json` for model and serial. Releases whose inventory
// has no JSON form fall back to text `show inventory` (NAME/PID/SN lines).
#include "attest/profiles/forms.hpp"
#include "attest/profiles/json_read.hpp"
#include "attest/profiles/parsers.hpp"
#include "attest/profiles/text.hpp"

namespace attest::detail {
namespace {

constexpr std::string_view kShowVersion = "show version | json";
constexpr std::string_view kShowInventory = "show inventory | json";
constexpr std::string_view kShowInventoryText = "show inventory";

// Some releases quote the name inside the string ("\"Chassis\"").
bool is_chassis_row(const Json& row) {
  auto name = string_member(row, "name");
  if (!name) return false;
  std::string_view n = text::trim(*name);
  if (n.size() >= 2 && n.front() == '"' && n.back() == '"') n = n.substr(1, n.size() - 2);
  return text::iequals(n, "Chassis");
}

// TABLE_inv.ROW_inv is an array, or a lone object when there is one row.
const Json* find_chassis_row(const Json& inventory) {
  const Json* table = member(inventory, "TABLE_inv");
  const Json* rows = table != nullptr ? member(*table, "ROW_inv") : nullptr;
  if (rows == nullptr) return nullptr;
  if (rows->is_object()) return is_chassis_row(*rows) ? rows : nullptr;
  if (!rows->is_array()) return nullptr;
  for (const auto& row : *rows) {
    if (is_chassis_row(row)) return &row;
  }
  return nullptr;
}

Result<std::string> read_version(const CommandOutputs& outputs) {
  auto json = json_output(outputs, kShowVersion);
  if (!json) return json.error();
  // 7.0(3)I4 and older name the running image "kickstart".
  if (auto v = string_member(*json, "nxos_ver_str")) return *v;
  if (auto v = string_member(*json, "kickstart_ver_str")) return *v;
  return parse_error(kShowVersion, "no 'nxos_ver_str' (or 'kickstart_ver_str') string");
}

Result<DeviceFacts> parse_text_inventory(const CommandOutputs& outputs, const std::string& version) {
  auto text = output_text(outputs, kShowInventoryText);
  if (!text) return text.error();
  const auto lines = text::lines(*text);
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    const auto name = inventory_value(lines[i], "NAME");
    if (!name || !text::iequals(*name, "Chassis")) continue;
    auto model = inventory_value(lines[i + 1], "PID");
    auto serial = inventory_value(lines[i + 1], "SN");
    if (!model || !serial) return parse_error(kShowInventoryText, "the 'Chassis' entry has no PID or SN");
    return checked_facts({"Cisco", *model, *serial, version}, "cisco-nxos");
  }
  return parse_error(kShowInventoryText, "no 'NAME: \"Chassis\"' entry");
}

}  // namespace

std::optional<std::string> cisco_refusal(std::string_view output) {
  return line_starting_with(output, {"% Invalid", "% Incomplete", "% Ambiguous", "Syntax error while parsing",
                                     "Invalid command", "% Permission denied"});
}

Result<DeviceFacts> parse_cisco_nxos(const CommandOutputs& outputs) {
  auto version = read_version(outputs);
  if (!version) return version.error();
  if (outputs.count(std::string(kShowInventory)) == 0 && outputs.count(std::string(kShowInventoryText)) != 0)
    return parse_text_inventory(outputs, *version);
  auto inventory = json_output(outputs, kShowInventory);
  if (!inventory) return inventory.error();
  const Json* chassis = find_chassis_row(*inventory);
  if (chassis == nullptr) return parse_error(kShowInventory, "no row named 'Chassis' in TABLE_inv.ROW_inv");
  auto model = string_member(*chassis, "productid");
  if (!model) return parse_error(kShowInventory, "the 'Chassis' row has no 'productid'");
  auto serial = string_member(*chassis, "serialnum");
  if (!serial) return parse_error(kShowInventory, "the 'Chassis' row has no 'serialnum'");
  return checked_facts({"Cisco", *model, *serial, *version}, "cisco-nxos");
}

}  // namespace attest::detail
