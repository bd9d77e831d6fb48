// What `attest pin` does with each device: pins are added to unpinned devices,
// never replaced silently, and replaced on --repin only.
#include <doctest/doctest.h>

#include "attest/cli/pin_plan.hpp"

using namespace attest;
using namespace attest::cli;

namespace {

const ssh::ListedKey kEd{"ssh-ed25519", "SHA256:nkkIUAYHQi5q44TSQNMbci1lvyEzD7JwuAUvEY5MUJs"};
const ssh::ListedKey kRsa{"ssh-rsa", "SHA256:1mqHrFewgUonXqiA86lAm4QFkoAPfVKp3+Xa08WhNvU"};
const ssh::ListedKey kNew{"ssh-ed25519", "SHA256:fzN6XEchxZBKAQCfbl9J8oGVuYBeIX6Yi/izcCwnIb0"};

Device device_pinned(std::vector<std::string> pins) {
  Device d;
  d.name = "sw1";
  d.host_keys = std::move(pins);
  return d;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("an unpinned device takes every key the source has for it") {
  const auto d = decide_pins(device_pinned({}), {kEd, kRsa, kEd}, false);
  CHECK(d.action == PinAction::add);
  CHECK(d.pins == Strings{kEd.fingerprint, kRsa.fingerprint});
}

TEST_CASE("an unpinned device the source does not know is unmatched") {
  CHECK(decide_pins(device_pinned({}), {}, false).action == PinAction::unmatched);
}

TEST_CASE("a pinned device whose keys the source confirms is kept") {
  const auto d = decide_pins(device_pinned({kEd.fingerprint, kRsa.fingerprint}), {kRsa}, false);
  CHECK(d.action == PinAction::keep);
  CHECK(d.pins == Strings{kEd.fingerprint, kRsa.fingerprint});
  CHECK(decide_pins(device_pinned({kEd.fingerprint}), {}, false).action == PinAction::keep);
}

TEST_CASE("a different key for a pinned device is a conflict and the pin is kept") {
  const auto d = decide_pins(device_pinned({kEd.fingerprint}), {kEd, kNew}, false);
  CHECK(d.action == PinAction::conflict);
  CHECK(d.pins == Strings{kEd.fingerprint});
  REQUIRE(d.unknown.size() == 1);
  CHECK(d.unknown[0].fingerprint == kNew.fingerprint);
}

TEST_CASE("--repin replaces the pins with what the source has now") {
  const auto d = decide_pins(device_pinned({kEd.fingerprint}), {kNew}, true);
  CHECK(d.action == PinAction::repin);
  CHECK(d.pins == Strings{kNew.fingerprint});
  // The same keys are no change; no key at all leaves the pins alone.
  CHECK(decide_pins(device_pinned({kEd.fingerprint, kRsa.fingerprint}), {kRsa, kEd}, true).action == PinAction::keep);
  const auto none = decide_pins(device_pinned({kEd.fingerprint}), {}, true);
  CHECK(none.action == PinAction::unmatched);
  CHECK(none.pins == Strings{kEd.fingerprint});
}
