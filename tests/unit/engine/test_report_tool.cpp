#include <doctest/doctest.h>

#include "attest/engine/report.hpp"
#include "attest/ssh/version.hpp"

using namespace attest;

TEST_CASE("the report's tool section names the libssh2 attest ran with") {
  RunReport report;
  report.tool_version = "9.9.9";
  const auto tool = report_to_json(report).at("tool");
  CHECK(tool.at("name") == "attest");
  CHECK(tool.at("version") == "9.9.9");
  CHECK(tool.at("libssh2") == ssh::libssh2_runtime_version());
  CHECK_FALSE(tool.at("libssh2").get<std::string>().empty());
}

TEST_CASE("the libssh2 loaded at run time is the one attest was built against") {
  // A static 1.11 build or the system's shared one; either way the headers
  // and the library must agree, or the algorithm lists would lie.
  CHECK(ssh::libssh2_runtime_version() == ssh::libssh2_build_version());
}

TEST_CASE("each device records its mount; a 0U device has no unit position in the report") {
  RunReport report;
  DeviceResult pdu, sw;
  pdu.device.name = "pdu-a", pdu.device.mount = Mount::zero_u;
  sw.device.name = "sw1", sw.device.position_u = 40, sw.device.height_u = 2;
  report.devices = {pdu, sw};
  const auto devices = report_to_json(report).at("devices");
  CHECK(devices[0].at("mount") == "0u");
  CHECK_FALSE(devices[0].contains("position_u"));
  CHECK_FALSE(devices[0].contains("height_u"));
  CHECK(devices[1].at("mount") == "rack");
  CHECK(devices[1].at("position_u") == 40);
  CHECK(devices[1].at("height_u") == 2);
}
