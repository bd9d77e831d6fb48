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
