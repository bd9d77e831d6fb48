#include "attest/config/waivers_loader.hpp"

#include <algorithm>
#include <map>

#include "attest/config/json_reader.hpp"
#include "attest/core/finding.hpp"
#include "attest/util/clock.hpp"

namespace attest {
namespace {

void read_target(JsonReader& r, const Inventory& inv, Waiver& w) {
  r.name("device", w.device, false);
  r.name("rack", w.rack, false);
  if (!r.ok()) return;
  if (w.device.empty() == w.rack.empty()) return r.fail("", "needs exactly one of \"device\" or \"rack\"");
  const auto named = [](const auto& items, const std::string& name) {
    return std::any_of(items.begin(), items.end(), [&](const auto& x) { return x.name == name; });
  };
  if (!w.device.empty() && !named(inv.devices, w.device)) {
    return r.fail("device", "names no device of the inventory " + inv.path);
  }
  if (!w.rack.empty() && !named(inv.racks, w.rack)) return r.fail("rack", "names no rack of the inventory " + inv.path);
}

void read_check(JsonReader& r, Waiver& w) {
  r.name("check", w.check);
  if (!r.ok()) return;
  if (!is_check_id(w.check)) return r.fail("check", "unknown check id");
  if (never_waived(w.check)) {
    return r.fail("check", "a " + w.check + " finding can never be waived");
  }
}

void read_match(JsonReader& r, Waiver& w) {
  r.object("match", {"rule", "detail"}, true, [&](JsonReader& m) {
    m.string("rule", w.match_rule, false);
    m.string("detail", w.match_detail, false);
    if (m.ok() && w.match_rule.empty() && w.match_detail.empty()) {
      m.fail("", "needs \"rule\" (equal to the finding's rule) or \"detail\" (a part of its detail), or both");
    }
  });
}

void read_times(JsonReader& r, Waiver& w) {
  r.string("approved", w.approved);
  r.string("expires", w.expires);
  if (!r.ok()) return;
  const auto approved = parse_rfc3339_utc(w.approved), expires = parse_rfc3339_utc(w.expires);
  if (!approved) return r.fail("approved", "must be an RFC 3339 UTC time (2026-12-01T09:00:00Z)");
  if (!expires) return r.fail("expires", "must be an RFC 3339 UTC time (2026-12-01T09:00:00Z)");
  if (*expires <= *approved) return r.fail("expires", "must be after \"approved\"");
  if (*expires - *approved > kMaxWaiverSeconds) return r.fail("expires", "must be at most 90 days after \"approved\"");
  w.approved_at = *approved;
  w.expires_at = *expires;
}

void read_waiver(JsonReader& r, const Inventory& inv, std::map<std::string, std::string>& ids, WaiverFile& out) {
  Waiver w;
  w.pointer = r.pointer();
  r.name("id", w.id);
  read_target(r, inv, w);
  read_check(r, w);
  read_match(r, w);
  r.string("justification", w.justification);
  r.name("approver", w.approver);
  r.name("ticket", w.ticket);
  read_times(r, w);
  if (!r.ok()) return;
  const auto [it, inserted] = ids.emplace(w.id, r.at("id"));
  if (!inserted) return r.fail("id", "duplicate waiver id (first at " + it->second + ")");
  out.waivers.push_back(std::move(w));
}

}  // namespace

Result<WaiverFile> parse_waivers(std::string_view text, const std::string& file, const Inventory& inventory) {
  std::map<std::string, std::string> ids;
  return read_document(text, file, {"schema", "site", "waivers"}, WaiverFile{}, [&](JsonReader& root, WaiverFile& out) {
    root.constant("schema", kWaiversSchema);
    root.name("site", out.site);
    if (root.ok() && out.site != inventory.site) {
      return root.fail("site", "is '" + out.site + "', the inventory's site is '" + inventory.site + "'");
    }
    root.objects("waivers", {"id", "device", "rack", "check", "match", "justification", "approver", "ticket",
                             "approved", "expires"},
                 true, false, [&](JsonReader& r, std::size_t) { read_waiver(r, inventory, ids, out); });
  });
}

}  // namespace attest
