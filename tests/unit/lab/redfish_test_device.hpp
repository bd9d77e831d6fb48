// The Redfish BMC the lab's unit tests serve: facts of a PowerEdge R660,
// root/calvin enabled, a disabled second account, lockout 3 in 30 s for 60 s.
#pragma once

#include <string>

#include "attest/lab/spec.hpp"

namespace attest::lab::test {

inline DeviceSpec redfish_test_device(const std::string& mockup, RedfishFault fault = RedfishFault::none) {
  DeviceSpec d;
  d.name = "bmc1";
  d.transport = Transport::redfish;
  d.address = "127.79.0.2";
  d.facts = {"", "PowerEdge R660", "7XQ9K24", "7.00.00.00", "bmc1", {{"bios_version", "1.3.2"}}};
  RedfishSpec r;
  r.mockup = mockup;
  r.accounts = {{"root", "calvin", true, "Administrator"}, {"old", "old-pass", false, "ReadOnly"}};
  r.lockout = {3, 60, 30};
  r.fault = fault;
  d.redfish = r;
  return d;
}

}  // namespace attest::lab::test
