#include "attest/netbox/inventory_build.hpp"

#include <cmath>

#include "attest/config/inventory_loader.hpp"
#include "attest/config/json_reader.hpp"

namespace attest::netbox {
namespace {

bool is_whole(double value) { return value == std::floor(value) && value >= 0 && value <= 1000; }

std::string number_text(double value) {
  Json j = value;
  return j.dump();
}

// Either the device's inventory entry or the reason it has none.
class DeviceMapper {
 public:
  DeviceMapper(const SiteData& data, const MapFile& map) : data_(data), map_(map) {}

  std::optional<Json> map(const NetboxDevice& d, int rack_height, std::string& reason) const {
    const auto at = [&](std::string_view key) { return d.origin.source + ": " + pointer_append(d.origin.pointer, key) + ": "; };
    const Rule* rule = match_rule(map_, d);
    if (rule == nullptr) return fail(reason, at("platform") + no_rule_reason(d));
    Json out = {{"name", d.name}, {"role", rule->attest_role}, {"profile", rule->profile}, {"model", d.model},
                {"serial", d.serial}, {"address", d.address}};
    if (rule->port) out["port"] = *rule->port;
    if (!add_host_key(d, out, reason)) return std::nullopt;
    out["credential"] = rule->credential;
    if (!add_placement(d, rack_height, out, reason)) return std::nullopt;
    return out;
  }

 private:
  static std::nullopt_t fail(std::string& reason, std::string what) {
    reason = std::move(what);
    return std::nullopt;
  }
  static bool refuse(std::string& reason, std::string what) {
    reason = std::move(what);
    return false;
  }

  bool add_host_key(const NetboxDevice& d, Json& out, std::string& reason) const {
    if (map_.host_key_field.empty()) return true;
    const auto it = d.custom_fields.find(map_.host_key_field);
    if (it == d.custom_fields.end() || it->is_null() || (it->is_string() && it->get<std::string>().empty())) return true;
    if (!it->is_string() || !is_host_key_fingerprint(it->get<std::string>())) {
      reason = d.origin.source + ": " + pointer_append(pointer_append(d.origin.pointer, "custom_fields"), map_.host_key_field) +
               ": must be an OpenSSH fingerprint \"SHA256:\" + 43 base64 characters";
      return false;
    }
    out["host_key"] = it->get<std::string>();
    return true;
  }

  std::optional<double> u_height(const NetboxDevice& d) const {
    if (d.type_u_height) return d.type_u_height;
    const auto it = data_.type_heights.find(d.device_type_id);
    if (it == data_.type_heights.end()) return std::nullopt;
    return it->second;
  }

  bool add_placement(const NetboxDevice& d, int rack_height, Json& out, std::string& reason) const {
    const std::string where = d.origin.source + ": " + d.origin.pointer;
    if (is_zero_u(d)) {
      out["mount"] = "0u";
      return true;
    }
    const auto height = u_height(d);
    if (!height) return refuse(reason, where + "/device_type: device type " + std::to_string(d.device_type_id) + " has no u_height");
    if (!is_whole(*d.position) || *d.position < 1) {
      return refuse(reason, where + "/position: position " + number_text(*d.position) + " is not a whole rack unit");
    }
    if (!is_whole(*height) || *height < 1) {
      return refuse(reason, where + "/device_type: u_height " + number_text(*height) + " is not a whole number of units");
    }
    const int position = static_cast<int>(*d.position), units = static_cast<int>(*height);
    if (position + units - 1 > rack_height) {
      return refuse(reason, where + "/position: U" + std::to_string(position) + "-U" + std::to_string(position + units - 1) +
                              " does not fit the " + std::to_string(rack_height) + "U rack '" + d.rack + "'");
    }
    out["position_u"] = position;
    out["height_u"] = units;
    return true;
  }

  const SiteData& data_;
  const MapFile& map_;
};

const NetboxRack* find_rack(const std::vector<NetboxRack>& racks, const std::string& name) {
  for (const auto& r : racks) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

// The existing loader is the judge of what was built: names, addresses,
// mounts and overlaps are checked there, once.
Status check_loads(const Json& inventory) {
  auto loaded = parse_inventory(inventory.dump(), "the imported inventory", false);
  if (!loaded) return make_error(ErrorKind::input, loaded.error().message + "; nothing written");
  return ok_status();
}

}  // namespace

bool is_zero_u(const NetboxDevice& device) { return !device.position.has_value(); }

Result<Built> build_inventory(const SiteData& data, const MapFile& map) {
  if (data.rack && find_rack(data.racks, *data.rack) == nullptr) {
    return make_error(ErrorKind::input, "site '" + data.site + "' has no rack '" + *data.rack + "'");
  }
  Built built;
  Json racks = Json::array();
  std::map<std::string, std::size_t> rack_index;  // rack name -> index in `racks`
  const DeviceMapper mapper(data, map);
  for (const auto& d : data.devices) {
    if (data.rack && d.rack != *data.rack) continue;
    const NetboxRack* rack = find_rack(data.racks, d.rack);
    std::string reason;
    std::optional<Json> entry;
    if (rack == nullptr) {
      reason = d.origin.source + ": " + pointer_append(d.origin.pointer, "rack") + ": rack '" + d.rack +
               "' is not among the site's racks";
    } else {
      entry = mapper.map(d, rack->u_height, reason);
    }
    if (!entry) {
      built.skipped.push_back({d.name, reason});
      continue;
    }
    auto [it, added] = rack_index.emplace(rack->name, racks.size());
    if (added) racks.push_back({{"name", rack->name}, {"height_u", rack->u_height}, {"devices", Json::array()}});
    racks[it->second]["devices"].push_back(std::move(*entry));
    ++built.device_count;
  }
  if (built.device_count == 0) return make_error(ErrorKind::input, "no NetBox device of site '" + data.site + "' could be mapped; nothing written");
  built.inventory = {{"schema", kInventorySchema}, {"site", data.site}, {"racks", std::move(racks)}};
  auto loads = check_loads(built.inventory);
  if (!loads) return loads.error();
  return built;
}

}  // namespace attest::netbox
