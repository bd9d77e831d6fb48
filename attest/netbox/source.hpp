// Where the site's racks, devices and device types come from: NetBox's API
// (through Client) or a saved export file (--from-file).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "attest/netbox/client.hpp"
#include "attest/netbox/inventory_build.hpp"

namespace attest::netbox {

// Lists racks and devices of `site` (and the device types whose u_height the
// devices lack). Skipped devices go to `skipped`.
[[nodiscard]] Result<SiteData> fetch_site(Client& client, const std::string& site, std::vector<Skipped>& skipped);

// The same from an export: a JSON object with "racks", "devices" and
// optionally "device_types", each a list response ({"results": [...]}) or an
// array of list responses (pages), as `curl .../api/dcim/devices/?site=S` saves them.
[[nodiscard]] Result<SiteData> parse_export(std::string_view text, const std::string& path, const std::string& site,
                                            std::vector<Skipped>& skipped);
[[nodiscard]] Result<SiteData> load_export(const std::string& path, const std::string& site,
                                           std::vector<Skipped>& skipped);

}  // namespace attest::netbox
