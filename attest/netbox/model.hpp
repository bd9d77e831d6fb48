// What `attest inventory import netbox` takes from NetBox's REST API: the
// fields of a device, a rack and a device type it needs, under one spelling
// for NetBox 3.x and 4.x (see tests/fixtures/netbox/README.md for the shapes).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace attest::netbox {

using Json = nlohmann::ordered_json;

// One list page as NetBox returns it: {"count", "next", "previous", "results"}.
struct Page {
  std::string source;          // "GET <path>" or the export file, for messages
  std::string base;            // pointer of the page in `source`: "" or e.g. "/devices/1"
  std::optional<std::string> next;
  Json results;                // an array (checked by parse_page)
};

// Where a record came from: its page and its JSON pointer within that page.
struct Origin {
  std::string source;
  std::string pointer;
};

struct NetboxDevice {
  Origin origin;
  std::string name;
  std::string role;          // role slug: `role` (4.x) or `device_role` (3.x)
  std::string platform;      // platform slug, empty when the device has none
  std::string manufacturer;  // device_type.manufacturer slug
  std::string model;         // device_type.model
  long device_type_id = 0;
  std::optional<double> type_u_height;  // device_type.u_height when nested in the device
  std::string serial;
  std::string address;       // primary_ip4 without its prefix length, empty when none
  std::string rack;          // rack name, empty when not in a rack
  std::optional<double> position;  // lowest U; none for 0U / unracked
  std::string face;          // "front", "rear" or empty
  Json custom_fields = Json::object();
};

struct NetboxRack {
  Origin origin;
  std::string name;
  int u_height = 0;
};

// A device left out of the inventory, and why (with the pointer to the field).
struct Skipped {
  std::string name;    // the device's name, or "device id N" when it has none
  std::string reason;  // "<source>: <pointer>: <what>"
};

}  // namespace attest::netbox
