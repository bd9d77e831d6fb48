// The PDU profiles over captures of two or three firmware generations each,
// and the refusals, truncations and garbage a real CLI can produce.
#include "fixture.hpp"

using namespace attest;
using attest::test::check_fixture;
using attest::test::fixture_error;

TEST_CASE("apc-nmc reads model, serial and the AOS version from `about` on NMC2 and NMC3 cards") {
  check_fixture("apc-nmc", {"ap8853-nmc2-6.9.6.txt", {"APC", "AP8853", "5A1932E04417", "v6.9.6"}});
  check_fixture("apc-nmc", {"ap8959-nmc2-6.4.6.txt", {"APC", "AP8959EU3", "3A1710E01163", "v6.4.6"}});
  check_fixture("apc-nmc", {"apdu9941-nmc3-2.5.0.6.txt", {"APC", "APDU9941", "ZA2217012345", "v2.5.0.6"}});
}

TEST_CASE("apc-nmc takes the version from the AOS block, not from the application module before it") {
  CHECK(fixture_error("apc-nmc", "truncated-before-aos.txt") == "about: no 'Version:' in the 'APC OS(AOS)' block");
}

TEST_CASE("apc-nmc refuses an error response code, a missing serial and garbage") {
  CHECK(fixture_error("apc-nmc", "command-not-found.txt") == "about: the device answered \"E101: Command Not Found\"");
  CHECK(fixture_error("apc-nmc", "missing-serial.txt") == "about: no 'Serial Number:' line");
  CHECK(fixture_error("apc-nmc", "garbage.txt") == "about: no 'Model Number:' line");
}

TEST_CASE("apc-nmc refuses every response code but E000, and reads a card that prints none") {
  const Profile& apc = attest::test::profile_named("apc-nmc");
  const auto denied = apc.parse({{"about", "E104: User Level Denial\nModel Number: AP8853\n"}});
  REQUIRE_FALSE(denied.ok());
  CHECK(denied.error().message == "about: the device answered \"E104: User Level Denial\"");
  const auto uncoded = apc.parse({{"about", "Hardware Factory\n---\nModel Number: AP8853\nSerial Number: 5A19\n\n"
                                            "APC OS(AOS)\n---\nVersion: v6.9.6\n"}});
  REQUIRE(uncoded.ok());
  CHECK(uncoded->version == "v6.9.6");
}

TEST_CASE("raritan-px reads `show pdu details` on PX2 and PX3, firmware 3.3 to 4.0, admin and user prompts") {
  check_fixture("raritan-px",
                {"px3-5260r-4.0.20.5-47974.txt", {"Raritan", "PX3-5260R", "QFA3A00412", "4.0.20.5-47974"}});
  check_fixture("raritan-px",
                {"px2-4724-3.5.0.5-46780.txt", {"Raritan", "PX2-4724-E2N1K2", "PKE1B00237", "3.5.0.5-46780"}});
  check_fixture("raritan-px",
                {"px3-5190r-3.3.10.5-43736.txt", {"Raritan", "PX3-5190R", "QFA1A00933", "3.3.10.5-43736"}});
}

TEST_CASE("raritan-px names an unknown command, a missing firmware line, a cut output and garbage") {
  CHECK(fixture_error("raritan-px", "unknown-command.txt") ==
        "show pdu details: the device answered \"Unknown command 'pdu'. Type 'help' for a list of commands.\"");
  CHECK(fixture_error("raritan-px", "missing-firmware.txt") == "show pdu details: no 'Firmware Version:' line");
  CHECK(fixture_error("raritan-px", "truncated.txt") == "show pdu details: no 'Serial Number:' line");
  CHECK(fixture_error("raritan-px", "garbage.txt") == "show pdu details: no 'Model:' line");
}

TEST_CASE("servertech-pro2 reads `show system` on PRO2 and PRO3X (8.x) and on a Smart CDU (7.x)") {
  check_fixture("servertech-pro2",
                {"pro2-c2wg36-8.0p.txt", {"Server Technology", "C2WG36MM-DCFE2M66/C", "ABEF0001234", "8.0p"}});
  check_fixture("servertech-pro2",
                {"pro3x-c2x36-8.2k.txt", {"Server Technology", "C2X36VS-DCFE2M66/C", "AFEJ0007711", "8.2k"}});
  check_fixture("servertech-pro2", {"cw24v-7.0k.txt", {"Server Technology", "CW-24V2-L30M", "ZAAK0102234", "7.0k"}});
}

TEST_CASE("servertech-pro2 refuses an invalid request, a firmware line that names no Sentry version and garbage") {
  CHECK(fixture_error("servertech-pro2", "invalid-request.txt") == "show system: the device answered \"Invalid request\"");
  CHECK(fixture_error("servertech-pro2", "not-sentry-firmware.txt") ==
        "show system: firmware line is not 'Sentry <product> Version <version>': \"unknown\"");
  CHECK(fixture_error("servertech-pro2", "missing-serial.txt") == "show system: no 'Product Serial Number:' line");
  CHECK(fixture_error("servertech-pro2", "garbage.txt") == "show system: no 'Firmware:' line");
}

TEST_CASE("vertiv-geist reads `system info` on IMD-03 (5.x) and IMD-03E (6.x), admin and operator logins") {
  check_fixture("vertiv-geist",
                {"gu2-imd03e-6.1.2.txt", {"Vertiv", "VP8858NA3-0000", "0GS2231PB04411", "6.1.2"}});
  check_fixture("vertiv-geist",
                {"gu1-imd03-5.10.0.txt", {"Vertiv", "GU1H2L30R1-24C13:6C19-2PS56", "0GS1847PA01219", "5.10.0"}});
  check_fixture("vertiv-geist",
                {"gu1-imd03-5.4.3.txt", {"Vertiv", "GU1H1R3N1-32C13:4C19-1PS32", "0GS1712PA00871", "5.4.3"}});
}

TEST_CASE("vertiv-geist refuses an unknown command, a missing model, a placeholder serial and garbage") {
  CHECK(fixture_error("vertiv-geist", "unknown-command.txt") ==
        "system info: the device answered \"Unknown command: system\"");
  CHECK(fixture_error("vertiv-geist", "missing-model.txt") == "system info: no 'Model:' line");
  CHECK(fixture_error("vertiv-geist", "placeholder-serial.txt") == "vertiv-geist: serial is the placeholder 'N/A'");
  CHECK(fixture_error("vertiv-geist", "garbage.txt") == "system info: no 'Model:' line");
}

TEST_CASE("PDU captures split at prompts without a space: apc>, #, Switched PDU: and user@host>") {
  const auto outputs = split_capture(attest::test::profile_named("servertech-pro2"),
                                     "Switched PDU: show system\nFirmware: x\nSwitched PDU: \n");
  REQUIRE(outputs.ok());
  CHECK(outputs->at("show system") == "Firmware: x\n");
  const auto apc = split_capture(attest::test::profile_named("apc-nmc"), "apc>about\nE000: Success\napc>\n");
  REQUIRE(apc.ok());
  CHECK(apc->at("about") == "E000: Success\n");
}
