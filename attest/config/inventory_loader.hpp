// Loads and validates the site inventory (schema "attest.inventory/v1", see
// inventory/schema/inventory.schema.json). Errors read
// "<file>: <json-pointer>: <what is wrong>", kind ErrorKind::input; every
// error in the file is reported, one a line (the first 50, then "... and N
// more errors"), except that invalid JSON or another schema id stops at once.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "attest/core/inventory.hpp"
#include "attest/util/result.hpp"

namespace attest {

// Inventories larger than this are refused.
inline constexpr std::size_t kMaxInventoryBytes = 16u << 20;

inline constexpr const char* kInventorySchema = "attest.inventory/v1";

// Reads `path` (size-capped) and parses it. With `require_pins`, every device
// needs a pinned host key; `attest pin` passes false to load an unpinned file.
[[nodiscard]] Result<Inventory> load_inventory(const std::string& path, bool require_pins = true);

// Pure: validates inventory JSON text; `path` is only used in messages and
// stored in Inventory::path.
[[nodiscard]] Result<Inventory> parse_inventory(std::string_view json, const std::string& path,
                                                bool require_pins);

// Device name -> its pins, in order.
using PinsByDevice = std::map<std::string, std::vector<std::string>>;

// For `attest pin`: returns `original_json` with "host_key" of each named
// device set to its pins (a string for one pin, an array for several),
// everything else kept in document order (re-serialised with 2-space indent).
// A name that matches no device is an error, so a pin is never silently dropped.
[[nodiscard]] Result<std::string> set_host_keys(std::string_view original_json, const PinsByDevice& pins);

// True for "SHA256:" followed by 43 characters of unpadded base64 (OpenSSH's form).
bool is_host_key_fingerprint(std::string_view text);

}  // namespace attest
