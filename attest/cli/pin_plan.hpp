// What `attest pin` does with one device, decided from its current pins and
// the keys a source offers for it (the network, a known_hosts file, an
// ssh-keyscan capture). Pure: no I/O, so every rule is unit-tested.
#pragma once

#include <string>
#include <vector>

#include "attest/core/inventory.hpp"
#include "attest/ssh/known_hosts.hpp"

namespace attest::cli {

enum class PinAction {
  keep,       // pinned, and the source offers nothing new (or nothing at all)
  add,        // was unpinned: the offered keys become its pins
  repin,      // --repin: the offered keys replace its pins (old and new printed)
  conflict,   // pinned, and the source offers a key that is not a pin: never replaced silently
  unmatched,  // unpinned, and the source has no key for it
};

struct PinDecision {
  PinAction action = PinAction::keep;
  std::vector<std::string> pins;          // the device's pins after this run
  std::vector<ssh::ListedKey> offered;    // what the source had for it
  std::vector<ssh::ListedKey> unknown;    // conflict: the offered keys that are not pins
};

// `repin` is only true for the one device named with --device.
PinDecision decide_pins(const Device& device, const std::vector<ssh::ListedKey>& offered, bool repin);

// The offered keys' fingerprints, each once, in order.
std::vector<std::string> fingerprints_of(const std::vector<ssh::ListedKey>& keys);

}  // namespace attest::cli
