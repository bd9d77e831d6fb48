// Dell OS10, Cumulus Linux, Aruba AOS-CX and Cisco IOS-XR over captures of
// two firmware generations each (sources: tests/fixtures/profiles/<name>/README.md).
#include "fixture.hpp"
#include "version_check.hpp"

using namespace attest;
using attest::test::check_fixture;
using attest::test::fixture_error;
using attest::test::order;
using attest::test::rejection;

TEST_CASE("dell-os10 reads the service tag of the '*' unit on 10.5 and 10.4") {
  check_fixture("dell-os10", {"s5248f-10.5.4.2.txt", {"Dell", "S5248F-ON", "7QLM3K2", "10.5.4.2"}});
  check_fixture("dell-os10", {"s4048-10.4.3.4.txt", {"Dell", "S4048ON", "9BX1FN2", "10.4.3.4"}});
  check_fixture("dell-os10", {"s5232f-10.5.5.1.txt", {"Dell", "S5232F-ON", "3RTX9P2", "10.5.5.1"}});
  CHECK(fixture_error("dell-os10", "no-service-tag.txt") ==
        "show inventory: no unit row marked '*' with a service tag, and no 'Product Serial Number'");
}

TEST_CASE("cumulus-nvue reads NVUE on 5.9, the `hardware` form on 5.3 and NCLU on 4.1") {
  check_fixture("cumulus-nvue", {"sn2700-5.9.1.txt", {"NVIDIA", "MSN2700", "MT2106X07711", "5.9.1"}});
  check_fixture("cumulus-nvue",
                {"sn3700c-5.3.0-platform-hardware.txt", {"NVIDIA", "MSN3700C", "MT2019X03021", "5.3.0"}});
  check_fixture("cumulus-nvue",
                {"as5812-4.1.0-nclu.txt", {"NVIDIA", "Accton AS5812-54X", "581254X1838021", "4.1.0"}});
  CHECK(fixture_error("cumulus-nvue", "missing-serial.txt") == "nv show platform: no 'serial-number' row");
}

TEST_CASE("aruba-aoscx reads the product number and chassis serial on 10.13 and 10.06") {
  check_fixture("aruba-aoscx", {"6300f-FL.10.13.1000.txt", {"Aruba", "JL665A", "SG13KMX0AB", "FL.10.13.1000"}});
  check_fixture("aruba-aoscx", {"8325-GL.10.06.0110.txt", {"Aruba", "JL627A", "TW02KM7014", "GL.10.06.0110"}});
  check_fixture("aruba-aoscx", {"6300m-FL.10.10.1070.txt", {"Aruba", "JL664A", "SG09KN20F7", "FL.10.10.1070"}});
  CHECK(fixture_error("aruba-aoscx", "no-serial.txt") == "show system: no 'Chassis Serial Nbr :' line");
}

TEST_CASE("cisco-iosxr reads Rack 0 on 7.9 (8000) and the chassis module on 6.1 (ASR 9000)") {
  check_fixture("cisco-iosxr", {"8202-7.9.2.txt", {"Cisco", "8202-32FH-M", "FLM2741A0QK", "7.9.2"}});
  check_fixture("cisco-iosxr", {"asr9006-6.1.4.txt", {"Cisco", "ASR-9006-AC-V2", "FOX2118P3T9", "6.1.4"}});
  check_fixture("cisco-iosxr", {"ncs55a1-24.1.1.txt", {"Cisco", "NCS-55A1-24H", "FOC2530R0TX", "24.1.1"}});
  CHECK(fixture_error("cisco-iosxr", "no-chassis.txt") == "show inventory: no 'NAME: \"Rack 0\"' (or chassis) entry");
}

TEST_CASE("the switch parsers refuse a CLI error as output") {
  const CommandOutputs os10 = {{"show version", "% Error: Unrecognized command.\n"}, {"show inventory", "x\n"}};
  CHECK(find_profile("dell-os10")->parse(os10).error().message == "show version: no 'OS Version:' line");
  const CommandOutputs xr = {{"show version", "               ^\n% Invalid input detected at '^' marker.\n"},
                             {"show inventory", ""}};
  CHECK(find_profile("cisco-iosxr")->parse(xr).error().message ==
        "show version: no 'Cisco IOS XR Software, Version <release>' line");
}

TEST_CASE("dell-os10 versions: 10.5.4.2 > 10.5.4.1 > 10.4.3.4; 10.4.0E(R3) < 10.4.0E(R3P2) < 10.4.0E(R4)") {
  CHECK(order("dell-os10", "10.5.4.2", "10.5.4.1") > 0);
  CHECK(order("dell-os10", "10.5.4.1", "10.4.3.4") > 0);
  CHECK(order("dell-os10", "10.5.10.0", "10.5.9.9") > 0);
  CHECK(order("dell-os10", "10.4.0E(R3)", "10.4.0E(R3P2)") < 0);
  CHECK(order("dell-os10", "10.4.0E(R3P2)", "10.4.0E(R4)") < 0);
  CHECK(rejection("dell-os10", "10.5") == "dell-os10: '10.5' is not a version like 10.5.4.2 or 10.4.0E(R3P2)");
  CHECK(rejection("dell-os10", "10.4.0E(R3") != "");
  CHECK(rejection("dell-os10", "10.4.0E(r3)x") != "");
}

TEST_CASE("cumulus versions: 5.10.0 > 5.9.1; 4.4.5 < 5.0.0") {
  CHECK(order("cumulus", "5.10.0", "5.9.1") > 0);
  CHECK(order("cumulus", "4.4.5", "5.0.0") < 0);
  CHECK(order("cumulus", "5.9.1", "5.9.1") == 0);
  CHECK(rejection("cumulus", "5.9") == "cumulus: '5.9' is not a version like 5.9.1 or 4.4.5");
  CHECK(rejection("cumulus", "Cumulus Linux 5.9.1") != "");
}

TEST_CASE("aoscx versions: FL.10.13.1000 > FL.10.11.1021 > FL.10.06.0110; the platform code compares first") {
  CHECK(order("aoscx", "FL.10.13.1000", "FL.10.11.1021") > 0);
  CHECK(order("aoscx", "FL.10.11.1021", "FL.10.06.0110") > 0);
  CHECK(order("aoscx", "FL.10.13.1000", "FL.10.13.1000") == 0);
  CHECK(order("aoscx", "FL.10.06.0110", "FL.10.6.110") == 0);
  CHECK(order("aoscx", "GL.10.06.0110", "FL.10.13.1000") > 0);
  CHECK(rejection("aoscx", "10.13.1000") == "aoscx: '10.13.1000' is not a version like FL.10.13.1000");
  CHECK(rejection("aoscx", "fl.10.13.1000") != "");
}

TEST_CASE("cisco-iosxr versions: 6.1.4 < 7.9.2 < 7.11.1 < 24.1.1; an engineering build follows its base") {
  CHECK(order("cisco-iosxr", "6.1.4", "7.9.2") < 0);
  CHECK(order("cisco-iosxr", "7.9.2", "7.11.1") < 0);
  CHECK(order("cisco-iosxr", "7.11.1", "24.1.1") < 0);
  CHECK(order("cisco-iosxr", "7.3.2.22I", "7.3.2") > 0);
  CHECK(rejection("cisco-iosxr", "7.9") == "cisco-iosxr: '7.9' is not a version like 7.9.2, 24.1.1 or 7.3.2.22I");
  CHECK(rejection("cisco-iosxr", "7.9.2 LNT") != "");
}
