// Console servers with their own CLI: Avocent/Vertiv ACS, Lantronix SLC,
// Digi Connect IT and ConnectPort, over fixtures of two firmware generations each.
#include "fixture.hpp"

using namespace attest;
using attest::test::check_fixture;
using attest::test::fixture_error;

TEST_CASE("avocent-acs reads ACS 6000 and ACS 8000 system information, build date or not") {
  check_fixture("avocent-acs", {"acs6048-3.8.0.9.txt", {"Vertiv", "ACS6048", "0520351287", "3.8.0.9"}});
  check_fixture("avocent-acs", {"acs6016-3.6.0.4.txt", {"Vertiv", "ACS6016", "0511442210", "3.6.0.4"}});
}

TEST_CASE("avocent-acs reads a root login's capture after the Linux shell's cli") {
  check_fixture("avocent-acs", {"acs8048-2.20.0.7-root.txt", {"Vertiv", "ACS8048", "0011223344", "2.20.0.7"}});
}

TEST_CASE("avocent-acs names the missing field in an error, a cut output and a placeholder serial") {
  CHECK(fixture_error("avocent-acs", "garbage.txt") == "show /system/information: no 'firmware: <value>' line");
  CHECK(fixture_error("avocent-acs", "truncated.txt") == "show /system/information: no 'firmware: <value>' line");
  CHECK(fixture_error("avocent-acs", "missing-serial.txt") == "avocent-acs: serial is the placeholder 'N/A'");
}

TEST_CASE("lantronix-slc reads admin show on firmware 8.3 and 7.4") {
  check_fixture("lantronix-slc", {"slc8048-8.3.0.0R2.txt", {"Lantronix", "SLC80482201S", "0480-2201-A3F7", "8.3.0.0R2"}});
  check_fixture("lantronix-slc", {"slc8016-7.4.0.0R8.txt", {"Lantronix", "SLC80162201S", "0160-2201-B118", "7.4.0.0R8"}});
  check_fixture("lantronix-slc", {"slc8032-8.1.0.1R3.txt", {"Lantronix", "SLC80322201S", "0320-2201-C004", "8.1.0.1R3"}});
}

TEST_CASE("lantronix-slc refuses a refused command, a cut output and an empty firmware version") {
  CHECK(fixture_error("lantronix-slc", "garbage.txt") == "admin show: no 'Firmware Version: <value>' line");
  CHECK(fixture_error("lantronix-slc", "truncated.txt") == "admin show: no 'Firmware Version: <value>' line");
  CHECK(fixture_error("lantronix-slc", "missing-firmware.txt") == "admin show: no 'Firmware Version: <value>' line");
}

TEST_CASE("digi-connect-it reads show system on DAL 24.3 and 20.5, the model with its spaces") {
  check_fixture("digi-connect-it",
                {"connectit16-24.3.28.88.txt", {"Digi", "Digi Connect IT 16", "CIT16-000187", "24.3.28.88"}});
  check_fixture("digi-connect-it",
                {"connectit48-20.5.38.37.txt", {"Digi", "Digi Connect IT 48", "CIT48-000042", "20.5.38.37"}});
  check_fixture("digi-connect-it",
                {"connectit4-22.11.48.10.txt", {"Digi", "Digi Connect IT 4", "CIT4-002213", "22.11.48.10"}});
}

TEST_CASE("digi-connect-it does not take the Alt. Firmware Version for the running one") {
  const CommandOutputs outputs = {{"show system",
                                   " Alt. Firmware Version: 23.12.1.56\n Model : Digi Connect IT 4\n"
                                   " Serial Number : CIT4-1\n Firmware Version : 24.3.28.88\n"}};
  const auto facts = test::profile_named("digi-connect-it").parse(outputs);
  REQUIRE(facts.ok());
  CHECK(facts->version == "24.3.28.88");
}

TEST_CASE("digi-connect-it names what is missing") {
  CHECK(fixture_error("digi-connect-it", "garbage.txt") == "show system: no 'Firmware Version: <value>' line");
  CHECK(fixture_error("digi-connect-it", "truncated.txt") == "show system: no 'Firmware Version: <value>' line");
  CHECK(fixture_error("digi-connect-it", "missing-serial.txt") == "show system: no 'Serial Number: <value>' line");
}

TEST_CASE("digi-connectport reads info device and reports the MAC address as the serial") {
  check_fixture("digi-connectport",
                {"ts16-82002549_K.txt", {"Digi", "ConnectPort TS 16", "00:40:9D:52:E1:07", "82002549_K"}});
  check_fixture("digi-connectport",
                {"ts8-82001526_F1.txt", {"Digi", "ConnectPort TS 8", "00:40:9D:24:48:E6", "82001526_F1"}});
  check_fixture("digi-connectport",
                {"ts8mei-82002549_H.txt", {"Digi", "ConnectPort TS 8 MEI", "00:40:9D:3B:70:1C", "82002549_H"}});
}

TEST_CASE("digi-connectport names what is missing") {
  CHECK(fixture_error("digi-connectport", "garbage.txt") == "info device: no 'Firmware Version: <value>' line");
  CHECK(fixture_error("digi-connectport", "truncated.txt") == "info device: no 'Firmware Version: <value>' line");
  CHECK(fixture_error("digi-connectport", "missing-mac.txt") == "info device: no 'MAC Address: <value>' line");
}
