// Pure functions from NetBox API responses (bytes or parsed JSON) to the
// records of model.hpp. A page of the wrong shape is an error (the whole
// import stops); a device missing a field is skipped, by name, with the
// JSON pointer of that field.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "attest/netbox/model.hpp"
#include "attest/util/result.hpp"

namespace attest::netbox {

// Parses one list response. `source` prefixes every message ("GET /api/...").
[[nodiscard]] Result<Page> parse_page(std::string_view body, const std::string& source);

// Checks an already-parsed list response; `base` is its pointer within
// `source` (a member of a saved export), "" for a whole response.
[[nodiscard]] Result<Page> page_from_json(const Json& doc, const std::string& source, const std::string& base = "");

// "10.0.0.5/24" -> "10.0.0.5"; nullopt unless the rest is a dotted-quad IPv4 address.
std::optional<std::string> strip_prefix_length(std::string_view cidr);

// One entry of `results`: the device, or why it cannot be used.
std::variant<NetboxDevice, Skipped> parse_device(const Json& item, const Origin& origin);

// Every device of every page, in order; skipped ones go to `skipped`.
std::vector<NetboxDevice> parse_devices(const std::vector<Page>& pages, std::vector<Skipped>& skipped);

// Racks by name. A rack without a name or a whole-number u_height is an error:
// without its height no device in it can be placed.
[[nodiscard]] Result<std::vector<NetboxRack>> parse_racks(const std::vector<Page>& pages);

// u_height of each device type by id (from /api/dcim/device-types/).
[[nodiscard]] Result<std::map<long, double>> parse_device_types(const std::vector<Page>& pages);

}  // namespace attest::netbox
