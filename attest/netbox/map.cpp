#include "attest/netbox/map.hpp"

#include <algorithm>
#include <iterator>

#include "attest/config/json_reader.hpp"
#include "attest/core/inventory.hpp"
#include "attest/profiles/profile.hpp"
#include "attest/util/files.hpp"

namespace attest::netbox {
namespace {

constexpr std::size_t kMaxMapBytes = 1u << 20;

// What a rule says about a device must name things attest knows.
void check_rule(JsonReader& r, const Rule& rule) {
  if (find_profile(rule.profile) == nullptr) return r.fail("profile", "unknown profile '" + rule.profile + "'");
  if (std::find(std::begin(kRoles), std::end(kRoles), rule.attest_role) == std::end(kRoles)) {
    r.fail("role", "must be one of: console-server, switch, pdu, server, bmc");
  }
}

void read_rule(JsonReader& r, std::size_t index, MapFile& out) {
  Rule rule;
  rule.pointer = pointer_append("/rules", index);
  r.object("match", {"platform", "role", "manufacturer"}, false, [&](JsonReader& m) {
    for (auto [key, slot] : {std::pair{"platform", &rule.platform}, {"role", &rule.role}, {"manufacturer", &rule.manufacturer}}) {
      m.optional_string(key, *slot);
    }
  });
  for (auto [key, slot] : {std::pair{"profile", &rule.profile}, {"role", &rule.attest_role}, {"credential", &rule.credential}}) {
    r.name(key, *slot);
  }
  r.optional_integer("port", rule.port, 1, 65535);
  if (r.ok()) check_rule(r, rule);
  if (r.ok()) out.rules.push_back(std::move(rule));
}

void read_map(JsonReader& root, MapFile& out) {
  root.constant("schema", kMapSchema);
  root.name("host_key_field", out.host_key_field, false);
  root.objects("rules", {"match", "profile", "role", "credential", "port"}, true, true,
               [&](JsonReader& r, std::size_t i) { read_rule(r, i, out); });
}

bool matches(const std::optional<std::string>& wanted, const std::string& actual) {
  return !wanted || *wanted == actual;
}

std::string slug_text(const std::string& slug) { return slug.empty() ? "(none)" : "'" + slug + "'"; }

}  // namespace

Result<MapFile> parse_map(std::string_view json, const std::string& path) {
  return read_document(json, path, {"schema", "host_key_field", "rules"}, MapFile{path, {}, {}}, read_map);
}

Result<MapFile> load_map(const std::string& path) {
  auto text = read_file(path, kMaxMapBytes);
  if (!text) return text.error();
  return parse_map(*text, path);
}

const Rule* match_rule(const MapFile& map, const NetboxDevice& device) {
  for (const auto& rule : map.rules) {
    if (matches(rule.platform, device.platform) && matches(rule.role, device.role) &&
        matches(rule.manufacturer, device.manufacturer)) {
      return &rule;
    }
  }
  return nullptr;
}

std::string no_rule_reason(const NetboxDevice& device) {
  const std::string what = device.platform.empty() ? "no platform and no rule" : "unknown platform: no rule";
  return what + " matches platform " + slug_text(device.platform) + ", role " + slug_text(device.role) +
         ", manufacturer " + slug_text(device.manufacturer);
}

}  // namespace attest::netbox
