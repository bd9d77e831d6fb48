// The firmware-version check: approved, at least the minimum, never blocked.
#include <algorithm>

#include "attest/engine/evaluate.hpp"
#include "attest/profiles/version.hpp"

namespace attest {
namespace {

Finding make_fw(CheckStatus status, std::string detail, const FirmwarePolicy& p) {
  return Finding{check::kFirmwareVersion, status, std::move(detail), p.source};
}

// Same version in the policy's scheme. The exact string decides first, so an
// explicitly listed special build (which no scheme can order) is recognised;
// a list entry the scheme cannot read never matches.
bool same_version(const FirmwarePolicy& p, const std::string& v, const std::string& listed) {
  if (v == listed) return true;
  const auto c = compare_versions(p.scheme, v, listed);
  return c.ok() && *c == 0;
}

const BlockedVersion* find_blocked(const FirmwarePolicy& p, const std::string& v) {
  for (const auto& b : p.blocked)
    if (same_version(p, v, b.version)) return &b;
  return nullptr;
}

bool is_approved(const FirmwarePolicy& p, const std::string& v) {
  return std::any_of(p.approved.begin(), p.approved.end(), [&](const auto& a) { return same_version(p, v, a); });
}

}  // namespace

Finding check_firmware(const Device& device, const DeviceFacts& facts, const GoldenDb& db) {
  const FirmwarePolicy* policy = db.find_firmware(facts.model);
  if (!policy) {
    // An unknown model is a failure, not a pass: nobody reviewed its firmware.
    return Finding{check::kFirmwareVersion, CheckStatus::fail,
                   "no golden policy for model '" + facts.model + "' (profile " + device.profile +
                       "); running " + facts.version, ""};
  }
  return check_version_policy(*policy, facts.version);
}

Finding check_version_policy(const FirmwarePolicy& p, const std::string& v) {
  const FirmwarePolicy* policy = &p;
  const std::string& model = policy->model;
  if (const BlockedVersion* b = find_blocked(*policy, v)) {
    return make_fw(CheckStatus::fail, "version " + v + " is blocked (" + b->advisory + "): " + b->reason, *policy);
  }
  if (is_approved(*policy, v)) return make_fw(CheckStatus::pass, "version " + v + " is approved for " + model, *policy);
  if (!is_valid_version(policy->scheme, v)) {
    return make_fw(CheckStatus::error, "version '" + v + "' is not understood in the " + policy->scheme +
                                           " scheme and is not listed for " + model, *policy);
  }
  if (!policy->minimum) {
    return make_fw(CheckStatus::fail, "version " + v + " is not approved for " + model +
                                          " and the policy sets no minimum", *policy);
  }
  const auto c = compare_versions(policy->scheme, v, *policy->minimum);
  if (!c) return make_fw(CheckStatus::error, "cannot compare with the minimum: " + c.error().message, *policy);
  if (*c < 0) {
    return make_fw(CheckStatus::fail, "version " + v + " is below the minimum " + *policy->minimum + " for " + model,
                   *policy);
  }
  return make_fw(CheckStatus::pass, "version " + v + " is at or above the minimum " + *policy->minimum + " for " +
                                        model, *policy);
}

}  // namespace attest
