// The Redfish trees the lab serves: one per BMC family, kept as JSON
// templates in attest/lab/redfish-mockups/<mockup>/ (embedded at build time,
// see redfish_templates.hpp) and rendered once per device from its facts,
// accounts and declared settings. Pure: no sockets, no clocks, no files.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "attest/lab/spec.hpp"
#include "attest/util/result.hpp"

namespace attest::lab {

// What differs between the BMC families beyond their templates.
struct MockupTraits {
  std::string_view name;          // "idrac"
  std::string_view manufacturer;  // Systems/{id} Manufacturer unless facts.vendor says otherwise
  std::string_view system_id;     // "System.Embedded.1"
  std::string_view manager_id;    // "iDRAC.Embedded.1"
  std::string_view realm;         // WWW-Authenticate: Basic realm="..."
  int first_account_id;           // Accounts/<n> of the first spec account; 0: Accounts/<username>
  // Firmware the facts may override: bios_version, cpld_version, nic_version, drive_version.
  std::string_view bios_version;
  std::string_view cpld_version;
  std::string_view nic_version;
  std::string_view drive_version;
};

// nullptr when the lab has no such tree.
const MockupTraits* find_mockup(std::string_view name);
// "idrac, ilo, supermicro, xcc, openbmc", for error messages.
std::string mockup_names();

// A device's rendered tree: resource path ("/redfish/v1/Systems/1", no
// trailing slash) -> JSON document. Accounts are members like any other.
struct MockupTree {
  const MockupTraits* traits = nullptr;
  std::map<std::string, nlohmann::ordered_json> resources;
};

// Renders `device`'s tree. Errors (internal): a template that is not JSON or
// names a placeholder the lab does not know.
Result<MockupTree> render_mockup(const DeviceSpec& device);

// The URL of an account member: Accounts/<first_account_id + index> or Accounts/<username>.
std::string account_path(const MockupTraits& traits, std::size_t index, const std::string& username);

}  // namespace attest::lab
