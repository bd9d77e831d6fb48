// The firmware-version check: approved, at least the minimum, never blocked.
#include "attest/engine/evaluate.hpp"
#include "attest/profiles/version.hpp"

namespace attest {
namespace {

Finding make_fw(CheckStatus status, std::string detail, const FirmwarePolicy& p) {
  return Finding{check::kFirmwareVersion, status, std::move(detail), p.source};
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
  const std::string& v = facts.version;
  auto equals = [&](const std::string& other) -> Result<bool> {
    auto c = compare_versions(policy->scheme, v, other);
    if (!c) return c.error();
    return *c == 0;
  };
  for (const auto& b : policy->blocked) {
    auto same = equals(b.version);
    if (!same) return make_fw(CheckStatus::error, "version '" + v + "' not understood: " + same.error().message, *policy);
    if (*same) {
      return make_fw(CheckStatus::fail, "version " + v + " is blocked (" + b.advisory + "): " + b.reason, *policy);
    }
  }
  for (const auto& a : policy->approved) {
    auto same = equals(a);
    if (!same) return make_fw(CheckStatus::error, "version '" + v + "' not understood: " + same.error().message, *policy);
    if (*same) return make_fw(CheckStatus::pass, "version " + v + " is approved for " + policy->model, *policy);
  }
  if (policy->minimum) {
    auto c = compare_versions(policy->scheme, v, *policy->minimum);
    if (!c) return make_fw(CheckStatus::error, "version '" + v + "' not understood: " + c.error().message, *policy);
    if (*c >= 0) {
      return make_fw(CheckStatus::pass, "version " + v + " is at or above the minimum " + *policy->minimum +
                                            " for " + policy->model, *policy);
    }
    return make_fw(CheckStatus::fail, "version " + v + " is below the minimum " + *policy->minimum +
                                          " for " + policy->model, *policy);
  }
  return make_fw(CheckStatus::fail, "version " + v + " is not approved for " + policy->model +
                                        " and the policy sets no minimum", *policy);
}

}  // namespace attest
