// Pure readers of Redfish resources (DSP0266 / DSP8010 schemas) from the
// bytes a BMC sent: defensive (a depth limit before parsing, every field
// optional and type-checked), every string made terminal-safe and capped.
// No I/O: unit-tested and fuzzed from bytes in memory.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "attest/core/redfish_evidence.hpp"
#include "attest/util/result.hpp"

namespace attest::redfish {

inline constexpr std::size_t kMaxMembers = 64;  // of one collection we read
inline constexpr int kMaxDepth = 32;            // JSON nesting refused beyond

// A JSON object, or an error naming `label` (HTML, truncated, not an object...).
[[nodiscard]] Result<nlohmann::json> parse_resource(std::string_view body, std::string_view content_type,
                                                    const std::string& label);

// The service root's links (DSP0266 §9.2 ServiceRoot), standard paths where
// it gives none.
struct ServiceRoot {
  std::string redfish_version;
  std::string systems = "/redfish/v1/Systems";
  std::string managers = "/redfish/v1/Managers";
  std::string account_service = "/redfish/v1/AccountService";
  std::string sessions = "/redfish/v1/SessionService/Sessions";
  std::string update_service = "/redfish/v1/UpdateService";
};
ServiceRoot read_service_root(const nlohmann::json& root);

// A member URI the collection lists: a path under /redfish/v1/, printable,
// no "..", or empty.
std::string odata_id(const nlohmann::json& link);
// The member URIs of a collection (at most kMaxMembers; the rest are dropped).
std::vector<std::string> collection_members(const nlohmann::json& collection);
// `key` as a link: resource[key]["@odata.id"].
std::string link(const nlohmann::json& resource, std::string_view key);

RedfishLockout read_lockout(const nlohmann::json& account_service);

struct SystemFacts {
  std::string manufacturer, model, serial, bios_version;
};
SystemFacts read_system(const nlohmann::json& system);

RedfishComponent read_component(const nlohmann::json& member);
std::vector<RedfishProtocol> read_protocols(const nlohmann::json& network_protocol);
RedfishAccount read_account(const nlohmann::json& account);

// A string member, terminal-safe and capped; "" when absent or not a string.
std::string text_of(const nlohmann::json& object, std::string_view key);

}  // namespace attest::redfish
