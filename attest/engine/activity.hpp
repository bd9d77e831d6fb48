// What a run is doing right now, for people watching it: how far it is, and
// per device in flight what it waits on and since when. The run fills it on
// its event-loop thread and hands it to RunOptions::activity there, a few
// times a second; a view must not keep references past the call.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "attest/util/clock.hpp"

namespace attest {

struct DeviceActivity {
  std::string device;
  std::string rack;                 // "" when the inventory gives none
  SteadyClock::time_point started;  // when its collection began
  // What the collection waits on now: "TCP connect", "SSH handshake",
  // "login", "command 'show version'", "probe connection 2 (user admin)",
  // "handshake slot" (the global rate cap), ...
  std::string waiting_on;
};

struct RunActivity {
  std::size_t total = 0;    // devices in the run
  std::size_t done = 0;     // with a verdict
  std::size_t blocked = 0;  // of those, any verdict but pass
  SteadyClock::time_point started;         // when the run began
  std::vector<DeviceActivity> in_flight;   // longest-running first
};

}  // namespace attest
