// `attest pin` writes the fingerprints it observed back into the inventory.
// The file is reviewed and versioned by people, so everything else in it
// keeps its order; only "host_key" values change.
#include <set>

#include "attest/config/inventory_loader.hpp"
#include "attest/config/json_reader.hpp"

namespace attest {
namespace {

// Where "host_key" goes when a device has none yet: after the connection
// fields, where a reader looks for it.
bool goes_after(const std::string& key) { return key == "port" || key == "address"; }

// One pin stays a string, as every inventory had it before lists existed.
OrderedJson pins_json(const std::vector<std::string>& pins) {
  if (pins.size() == 1) return pins.front();
  return OrderedJson(pins);
}

// Returns `device` with host_key = `pins`, in place if present, else
// inserted after "port" (or "address"), else appended.
OrderedJson with_host_key(const OrderedJson& device, const std::vector<std::string>& pins) {
  const OrderedJson fingerprint = pins_json(pins);
  if (device.contains("host_key")) {
    OrderedJson out = device;
    out["host_key"] = fingerprint;
    return out;
  }
  std::size_t insert_after = device.size();
  std::size_t i = 0;
  for (const auto& [key, value] : device.items()) {
    if (goes_after(key)) insert_after = i;
    ++i;
  }
  OrderedJson out = OrderedJson::object();
  i = 0;
  for (const auto& [key, value] : device.items()) {
    out[key] = value;
    if (i++ == insert_after) out["host_key"] = fingerprint;
  }
  if (!out.contains("host_key")) out["host_key"] = fingerprint;
  return out;
}

}  // namespace

Result<std::string> set_host_keys(std::string_view original_json, const PinsByDevice& pins) {
  auto doc = parse_json_text(original_json, "inventory");
  if (!doc) return doc.error();
  std::set<std::string> pinned;
  OrderedJson& root = *doc;
  if (root.is_object() && root.contains("racks") && root["racks"].is_array()) {
    for (auto& rack : root["racks"]) {
      if (!rack.is_object() || !rack.contains("devices") || !rack["devices"].is_array()) continue;
      for (auto& device : rack["devices"]) {
        if (!device.is_object() || !device.contains("name") || !device["name"].is_string()) continue;
        const auto it = pins.find(device["name"].get<std::string>());
        if (it == pins.end()) continue;
        device = with_host_key(device, it->second);
        pinned.insert(it->first);
      }
    }
  }
  for (const auto& [name, fingerprints] : pins) {
    if (pinned.count(name) == 0) {
      return make_error(ErrorKind::input, "inventory: no device named '" + name + "' to pin");
    }
  }
  return root.dump(2) + "\n";
}

}  // namespace attest
