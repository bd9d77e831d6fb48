// Pure: NetBox racks and devices + MAP rules -> an `attest.inventory/v1`
// document. Devices that cannot be mapped are left out and listed.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "attest/netbox/map.hpp"
#include "attest/netbox/model.hpp"
#include "attest/util/result.hpp"

namespace attest::netbox {

struct SiteData {
  std::string site;                      // the site slug, the inventory's "site"
  std::optional<std::string> rack;       // --rack: only this rack
  std::vector<NetboxRack> racks;
  std::vector<NetboxDevice> devices;
  std::map<long, double> type_heights;   // device type id -> u_height
};

struct Built {
  Json inventory;
  std::vector<Skipped> skipped;
  std::size_t device_count = 0;
};

// Fails (nothing to write) when --rack names no rack of the site or when no
// device at all could be mapped.
[[nodiscard]] Result<Built> build_inventory(const SiteData& data, const MapFile& map);

// True when the NetBox position/height of `device` is 0U or side-mounted
// (no position): the inventory gets "mount": "0u" and no position_u.
bool is_zero_u(const NetboxDevice& device);

}  // namespace attest::netbox
