// The MAP file (`attest.netbox-map/v1`): which attest profile, role and
// credential a NetBox device gets, by its platform, role and manufacturer
// slugs. Rules are tried in order; the first whose every given slug matches
// wins (a rule with an empty "match" matches every device).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attest/netbox/model.hpp"
#include "attest/util/result.hpp"

namespace attest::netbox {

inline constexpr const char* kMapSchema = "attest.netbox-map/v1";

struct Rule {
  std::string pointer;  // "/rules/N", for messages
  std::optional<std::string> platform;
  std::optional<std::string> role;
  std::optional<std::string> manufacturer;
  std::string profile;         // an attest profile name
  std::string attest_role;     // console-server, switch, pdu, server, bmc
  std::string credential;      // a credential id of the secrets file
  std::optional<int> port;     // SSH port when not the inventory default
};

struct MapFile {
  std::string path;
  std::string host_key_field;  // custom field holding the "SHA256:..." pin; empty: none
  std::vector<Rule> rules;
};

// Pure: validates MAP JSON text (profiles and roles must be known).
[[nodiscard]] Result<MapFile> parse_map(std::string_view json, const std::string& path);
[[nodiscard]] Result<MapFile> load_map(const std::string& path);

// The first rule that matches `device`, or nullptr.
const Rule* match_rule(const MapFile& map, const NetboxDevice& device);

// Why no rule matched: names the slugs that were looked up.
std::string no_rule_reason(const NetboxDevice& device);

}  // namespace attest::netbox
