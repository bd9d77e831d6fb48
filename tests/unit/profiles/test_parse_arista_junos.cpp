#include "fixture.hpp"

using namespace attest;
using attest::test::check_fixture;
using attest::test::fixture_error;

TEST_CASE("arista-eos reads bare JSON and a capture with a prompt") {
  check_fixture("arista-eos",
                {"dcs-7050cx3-4.30.1F.json", {"Arista", "DCS-7050CX3-32S-R", "JPE21483312", "4.30.1F"}});
  check_fixture("arista-eos",
                {"dcs-7280sr-4.28.3M.txt", {"Arista", "DCS-7280SR-48C6-M-R", "SSJ18420917", "4.28.3M"}});
  check_fixture("arista-eos", {"dcs-7150s-4.15.5M.txt", {"Arista", "DCS-7150S-52-CL-F", "JPE14140235", "4.15.5M"}});
}

TEST_CASE("arista-eos falls back to internalVersion when version is absent") {
  const CommandOutputs outputs = {
      {"show version | json",
       R"({"modelName": "DCS-7150S-52-CL-F", "serialNumber": "JPE1", "internalVersion": "4.15.5M-3054042.4155M"})"}};
  const auto facts = test::profile_named("arista-eos").parse(outputs);
  REQUIRE(facts.ok());
  CHECK(facts->version == "4.15.5M-3054042.4155M");
}

TEST_CASE("arista-eos refuses a vEOS without serial, a CLI error and truncated JSON") {
  CHECK(fixture_error("arista-eos", "veos-empty-serial.json") ==
        "show version | json: no 'serialNumber' string (or it is empty)");
  CHECK(fixture_error("arista-eos", "garbage.txt") ==
        "show version | json: output is not JSON (no '{'): \"% This is an unconverted command\"");
  CHECK(fixture_error("arista-eos", "truncated.json") ==
        "show version | json: JSON is truncated (an object is never closed)");
}

TEST_CASE("juniper-junos reads a single EX4300 between {master:0} lines") {
  check_fixture("juniper-junos",
                {"ex4300-48t-22.4R3-S2.txt", {"Juniper", "ex4300-48t", "PE3716290012", "22.4R3-S2"}});
}

TEST_CASE("juniper-junos reads the first member and the chassis serial of a virtual chassis") {
  check_fixture("juniper-junos",
                {"ex4300-48p-vc-21.4R3-S3.4.txt", {"Juniper", "ex4300-48p", "PE3719110877", "21.4R3-S3.4"}});
}

TEST_CASE("juniper-junos takes the version from the package comment when junos-version is absent") {
  check_fixture("juniper-junos",
                {"srx240h2-12.1X47-D20.7.txt", {"Juniper", "srx240h2", "AU2013AF0123", "12.1X47-D20.7"}});
}

TEST_CASE("juniper-junos reads a QFX capture with CRLF line ends") {
  check_fixture("juniper-junos",
                {"qfx5120-23.2R1.14.txt", {"Juniper", "qfx5120-48y-8c", "WS3720310458", "23.2R1.14"}});
}

TEST_CASE("juniper-junos names what is missing in bad outputs") {
  CHECK(fixture_error("juniper-junos", "missing-serial.txt") ==
        "show chassis hardware | display json: the chassis has no 'serial-number'");
  // no-json-support.txt: the text forms take over (test_forms.cpp).
  // The capture stops inside the first JSON document, before the second command.
  CHECK(fixture_error("juniper-junos", "truncated.txt").find("no output for 'show chassis hardware | display json'") !=
        std::string::npos);
}

TEST_CASE("juniper-junos prefers the junos package among several JUNOS comments") {
  const CommandOutputs outputs = {
      {"show version | display json",
       R"({"software-information":[{"product-model":[{"data":"srx345"}],"package-information":[
           {"name":[{"data":"jweb"}],"comment":[{"data":"JUNOS Web Management [15.1X49-D100.6]"}]},
           {"name":[{"data":"junos"}],"comment":[{"data":"JUNOS Software Release [15.1X49-D170.4]"}]}]}]})"},
      {"show chassis hardware | display json",
       R"({"chassis-inventory":[{"chassis":[{"serial-number":[{"data":"CV4017AF0042"}]}]}]})"}};
  const auto facts = test::profile_named("juniper-junos").parse(outputs);
  REQUIRE(facts.ok());
  CHECK(facts->version == "15.1X49-D170.4");
}
