#include "attest/cli/pin_plan.hpp"

#include <algorithm>

namespace attest::cli {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

std::vector<std::string> fingerprints_of(const std::vector<ssh::ListedKey>& keys) {
  std::vector<std::string> out;
  for (const auto& k : keys)
    if (!contains(out, k.fingerprint)) out.push_back(k.fingerprint);
  return out;
}

PinDecision decide_pins(const Device& device, const std::vector<ssh::ListedKey>& offered, bool repin) {
  PinDecision d;
  d.offered = offered;
  d.pins = device.host_keys;
  const auto fresh = fingerprints_of(offered);
  if (fresh.empty()) {
    d.action = device.host_keys.empty() || repin ? PinAction::unmatched : PinAction::keep;
    return d;
  }
  if (device.host_keys.empty()) {
    d.action = PinAction::add;
    d.pins = fresh;
    return d;
  }
  if (repin) {
    // The same keys in another order are no change worth a rewrite.
    const bool same = fresh.size() == device.host_keys.size() &&
                      std::all_of(fresh.begin(), fresh.end(), [&](const auto& f) { return contains(device.host_keys, f); });
    d.action = same ? PinAction::keep : PinAction::repin;
    if (!same) d.pins = fresh;
    return d;
  }
  for (const auto& k : offered)
    if (!contains(device.host_keys, k.fingerprint)) d.unknown.push_back(k);
  d.action = d.unknown.empty() ? PinAction::keep : PinAction::conflict;
  return d;
}

}  // namespace attest::cli
