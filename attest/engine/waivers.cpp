#include "attest/engine/waivers.hpp"

#include <algorithm>

#include "attest/engine/report.hpp"


namespace attest {
namespace {

bool accepts(const Waiver& w, const Device& device, const Finding& f, const std::string& db_dir) {
  if (f.status != CheckStatus::fail || f.check != w.check || never_waived(f.check)) return false;
  if (!(w.device.empty() ? w.rack == device.rack : w.device == device.name)) return false;
  if (!w.match_rule.empty() && db_relative_rule(f.rule, db_dir) != w.match_rule) return false;
  if (!w.match_detail.empty() && f.detail != w.match_detail) return false;
  return !w.match_rule.empty() || !w.match_detail.empty();
}

}  // namespace

WaiversInForce waivers_in_force(const WaiverFile& file, std::int64_t now) {
  WaiversInForce out;
  for (const auto& w : file.waivers) {
    if (now >= w.expires_at) {
      out.inactive.push_back({w, "expired at " + w.expires});
    } else if (now < w.approved_at) {
      out.inactive.push_back({w, "approved only at " + w.approved + ", after this run began"});
    } else {
      out.active.push_back(w);
    }
  }
  return out;
}

std::size_t apply_waivers(DeviceAssessment& assessment, const Device& device, const std::vector<Waiver>& active,
                          const std::string& db_dir) {
  std::size_t applied = 0;
  for (auto& f : assessment.findings) {
    const auto it = std::find_if(active.begin(), active.end(), [&](const Waiver& w) { return accepts(w, device, f, db_dir); });
    if (it == active.end()) continue;
    f.status = CheckStatus::waived;
    f.waiver = it->id;
    ++applied;
  }
  if (applied > 0) assessment.verdict = verdict_of(assessment.findings);
  return applied;
}

}  // namespace attest
