#include "attest/config/inventory_loader.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

#include "attest/config/inventory_tpm.hpp"
#include "attest/config/json_reader.hpp"
#include "attest/profiles/profile.hpp"
#include "attest/redfish/profiles.hpp"
#include "attest/util/files.hpp"

namespace attest {
namespace {

constexpr std::int64_t kMaxTimeoutMs = 10 * 60 * 1000;  // no single device may hold a run longer
constexpr std::int64_t kMaxAttemptBudget = 100;
constexpr std::int64_t kMaxRackHeight = 100;
// Requests per SSH connection, its opening "none" included; no SSH server
// allows more than this many authentication requests on one connection.
constexpr std::int64_t kMaxAuthPerConnection = 64;
// Pins per device: a few key types, each across one rotation, with room.
constexpr std::size_t kMaxPins = 8;

// Values under "defaults", applied to each device before its own overrides.
struct Defaults {
  int port = 22;
  std::optional<int> attempt_budget;
  std::optional<int> max_auth_per_connection;
  Timeouts timeouts;
};

// Units a device occupies, to find overlaps within one rack.
struct Slot {
  int low = 0;
  int high = 0;
  std::string pointer;
  std::string name;
};

std::string units_text(int low, int high) {
  return "U" + std::to_string(low) + "-U" + std::to_string(high);
}

bool is_base64_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '/';
}

// Addresses go into getaddrinfo and into messages: IP literals (v4, v6 with
// an optional %scope) and DNS names only.
bool is_address(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == ':' || c == '_' ||
           c == '%';
  });
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string known_profiles_text() {
  std::string out;
  for (const auto& p : all_profiles()) out += (out.empty() ? "" : ", ") + std::string(p.name);
  return out;
}

std::string redfish_profiles_text() {
  std::string out;
  for (const auto& p : redfish::kProfiles) out += (out.empty() ? "" : ", ") + std::string(p.name);
  return out;
}

void read_millis(JsonReader& r, std::string_view key, Millis& out) {
  std::optional<int> ms;
  r.optional_integer(key, ms, 1, kMaxTimeoutMs);
  if (ms) out = Millis(*ms);
}

// Each field present overrides the one in `t`, so per-device values merge
// over the defaults field by field.
void read_timeouts(JsonReader& r, Timeouts& t) {
  r.object("timeouts_ms", {"connect", "auth", "command", "total"}, false, [&](JsonReader& o) {
    read_millis(o, "connect", t.connect);
    read_millis(o, "auth", t.auth);
    read_millis(o, "command", t.command);
    read_millis(o, "total", t.total);
  });
}

class InventoryReader {
 public:
  explicit InventoryReader(bool require_pins) : require_pins_(require_pins) {}

  void read(JsonReader& root, Inventory& inv) {
    root.constant("schema", kInventorySchema);
    if (!root.ok()) return;  // another schema's fields would all read as errors
    root.name("site", inv.site);
    root.object("defaults", {"port", "attempt_budget", "max_auth_per_connection", "timeouts_ms"}, false,
                [&](JsonReader& d) {
      d.integer("port", defaults_.port, 1, 65535, false);
      d.optional_integer("attempt_budget", defaults_.attempt_budget, 1, kMaxAttemptBudget);
      d.optional_integer("max_auth_per_connection", defaults_.max_auth_per_connection, 1, kMaxAuthPerConnection);
      read_timeouts(d, defaults_.timeouts);
    });
    root.objects("racks", {"name", "height_u", "devices"}, true, true,
                 [&](JsonReader& r, std::size_t) { read_rack(r, inv); });
  }

 private:
  void read_rack(JsonReader& r, Inventory& inv) {
    Rack rack;
    r.name("name", rack.name);
    r.integer("height_u", rack.height_u, 1, kMaxRackHeight, false);
    if (!r.ok()) return;
    check_unique(rack_names_, r, "name", rack.name, "rack name '" + rack.name + "'");
    inv.racks.push_back(rack);
    slots_.clear();
    r.objects("devices",
              {"name", "role", "profile", "transport", "model", "serial", "address", "port", "host_key", "credential",
               "mount", "position_u", "height_u", "attempt_budget", "max_auth_per_connection", "timeouts_ms", "tpm",
               "snmp_port"},
              true, false, [&](JsonReader& d, std::size_t) { read_device(d, rack, inv); });
  }

  void read_device(JsonReader& r, const Rack& rack, Inventory& inv) {
    Device d;
    d.rack = rack.name;
    d.json_pointer = r.pointer();
    read_device_fields(r, rack, d);
    if (!r.ok()) return;
    check_device(r, rack, d);
    if (!r.ok()) return;
    check_unique(device_names_, r, "name", d.name, "device name '" + d.name + "'");
    const std::string endpoint = lower(d.address) + ":" + std::to_string(d.port);
    check_unique(endpoints_, r, "address", endpoint, "address:port " + endpoint);
    check_overlap(r, d);
    if (require_pins_ && d.host_keys.empty()) r.fail("host_key", "no pinned host key; run `attest pin`");
    inv.devices.push_back(std::move(d));
  }

  void read_device_fields(JsonReader& r, const Rack& rack, Device& d) {
    r.name("name", d.name);
    r.string("role", d.role);
    r.name("profile", d.profile);
    r.string("model", d.model);
    r.string("serial", d.serial);
    r.string("address", d.address);
    read_transport(r, d);
    // HTTPS's port unless the device says otherwise: "defaults" hold the SSH port.
    int port = d.transport == Transport::redfish ? 443 : defaults_.port;
    r.integer("port", port, 1, 65535, false);
    d.port = static_cast<std::uint16_t>(port);
    read_host_keys(r, d);
    r.name("credential", d.credential);
    read_mount(r, rack, d);
    d.attempt_budget = defaults_.attempt_budget;
    r.optional_integer("attempt_budget", d.attempt_budget, 1, kMaxAttemptBudget);
    d.max_auth_per_connection = defaults_.max_auth_per_connection;
    r.optional_integer("max_auth_per_connection", d.max_auth_per_connection, 1, kMaxAuthPerConnection);
    d.timeouts = defaults_.timeouts;
    read_timeouts(r, d.timeouts);
    read_tpm_section(r, d);
    // The agent's UDP port when the site moved it off the DB's (161).
    if (r.has("snmp_port")) {
      int snmp_port = 0;
      r.integer("snmp_port", snmp_port, 1, 65535);
      d.snmp_port = static_cast<std::uint16_t>(snmp_port);
    }
  }

  static void read_transport(JsonReader& r, Device& d) {
    std::string transport = to_string(d.transport);
    r.string("transport", transport, false);
    if (transport == to_string(Transport::redfish)) d.transport = Transport::redfish;
    else if (transport != to_string(Transport::ssh)) r.fail("transport", "must be \"ssh\" or \"redfish\"");
  }

  // "host_key": one fingerprint, or a list of them (any one may match: a key
  // rotation, several key types). "" and [] mean "not pinned yet".
  static void read_host_keys(JsonReader& r, Device& d) {
    if (!r.is_array("host_key")) {
      std::string pin;
      r.string("host_key", pin, false, true);
      if (!pin.empty()) d.host_keys.push_back(std::move(pin));
    } else {
      r.strings("host_key", d.host_keys, false);
    }
    if (d.host_keys.size() > kMaxPins) {
      return r.fail("host_key", "at most " + std::to_string(kMaxPins) + " pins per device");
    }
    for (std::size_t i = 0; i < d.host_keys.size(); ++i) {
      const std::string where = r.is_array("host_key") ? pointer_append(r.at("host_key"), i) : r.at("host_key");
      if (!is_host_key_fingerprint(d.host_keys[i])) {
        return r.fail_at(where, "must be an OpenSSH fingerprint \"SHA256:\" + 43 base64 characters");
      }
      if (std::find(d.host_keys.begin(), d.host_keys.begin() + static_cast<std::ptrdiff_t>(i), d.host_keys[i]) !=
          d.host_keys.begin() + static_cast<std::ptrdiff_t>(i)) {
        return r.fail_at(where, "the same pin twice");
      }
    }
  }

  // A rack-mounted device needs its units; a 0U one must not claim any, so a
  // position is never silently ignored.
  static void read_mount(JsonReader& r, const Rack& rack, Device& d) {
    std::string mount = to_string(d.mount);
    r.string("mount", mount, false);
    if (mount == to_string(Mount::zero_u)) {
      d.mount = Mount::zero_u;
      for (const char* key : {"position_u", "height_u"}) {
        if (r.has(key)) r.fail(key, "a \"mount\": \"0u\" device occupies no rack units: remove it");
      }
      return;
    }
    if (mount != to_string(Mount::rack_units)) return r.fail("mount", "must be \"rack\" or \"0u\"");
    r.integer("position_u", d.position_u, 1, rack.height_u);
    r.integer("height_u", d.height_u, 1, rack.height_u, false);
  }

  // Rules on single fields beyond their type and range.
  static void check_device(JsonReader& r, const Rack& rack, const Device& d) {
    if (std::find(std::begin(kRoles), std::end(kRoles), d.role) == std::end(kRoles)) {
      return r.fail("role", "must be one of: console-server, switch, pdu, server, bmc");
    }
    if (d.transport == Transport::redfish) {
      if (redfish::find_profile(d.profile) == nullptr) {
        return r.fail("profile", "unknown Redfish profile '" + d.profile + "' (known: " + redfish_profiles_text() + ")");
      }
      if (d.tpm) return r.fail("tpm", "a Redfish BMC is not quoted: put \"tpm\" on the server's SSH entry");
    } else if (find_profile(d.profile) == nullptr) {
      return r.fail("profile", "unknown profile '" + d.profile + "' (known: " + known_profiles_text() + ")");
    }
    if (!is_address(d.address)) return r.fail("address", "must be an IP address or a host name");
    const int top = d.position_u + d.height_u - 1;
    if (d.mount == Mount::rack_units && top > rack.height_u) {
      r.fail("height_u", "device occupies " + units_text(d.position_u, top) + " but rack '" + rack.name +
                             "' has " + std::to_string(rack.height_u) + "U");
    }
  }

  // `seen` maps a value to the pointer that first used it.
  static void check_unique(std::map<std::string, std::string>& seen, JsonReader& r, std::string_view key,
                           const std::string& value, const std::string& what) {
    const auto [it, inserted] = seen.emplace(value, r.at(key));
    if (!inserted) r.fail(key, "duplicate " + what + " (first at " + it->second + ")");
  }

  // A BMC lives inside the chassis of the server it manages, so it shares
  // that server's units and takes no part in the overlap check; a 0U device
  // occupies no units at all.
  void check_overlap(JsonReader& r, const Device& d) {
    if (d.role == "bmc" || d.mount == Mount::zero_u) return;
    const Slot slot{d.position_u, d.position_u + d.height_u - 1, r.pointer(), d.name};
    for (const auto& other : slots_) {
      if (slot.low <= other.high && other.low <= slot.high) {
        return r.fail("position_u", units_text(slot.low, slot.high) + " overlaps '" + other.name + "' at " +
                                        other.pointer + " (" + units_text(other.low, other.high) + ")");
      }
    }
    slots_.push_back(slot);
  }

  bool require_pins_;
  Defaults defaults_;
  std::map<std::string, std::string> rack_names_;
  std::map<std::string, std::string> device_names_;
  std::map<std::string, std::string> endpoints_;
  std::vector<Slot> slots_;  // of the rack being read
};

}  // namespace

bool is_host_key_fingerprint(std::string_view text) {
  constexpr std::string_view prefix = "SHA256:";
  if (text.size() != prefix.size() + 43 || text.substr(0, prefix.size()) != prefix) return false;
  const auto body = text.substr(prefix.size());
  return std::all_of(body.begin(), body.end(), is_base64_char);
}

Result<Inventory> parse_inventory(std::string_view json, const std::string& path, bool require_pins) {
  Inventory inv;
  inv.path = path;
  InventoryReader reader(require_pins);
  return read_document(json, path, {"schema", "site", "defaults", "racks"}, std::move(inv),
                       [&](JsonReader& root, Inventory& out) { reader.read(root, out); }, ErrorLimit::all);
}

Result<Inventory> load_inventory(const std::string& path, bool require_pins) {
  auto text = read_file(path, kMaxInventoryBytes);
  if (!text) return text.error();
  return parse_inventory(*text, path, require_pins);
}

}  // namespace attest
