#include "fixture.hpp"

using namespace attest;
using attest::test::check_fixture;
using attest::test::fixture_error;

TEST_CASE("sonic reads release and HEAD builds") {
  check_fixture("sonic",
                {"as7326-56x-202305.1.txt", {"SONiC", "Accton-AS7326-56X", "732656X1935030", "202305.1-7995b757b"}});
  check_fixture("sonic", {"s5248f-202205.0.txt",
                          {"SONiC", "DellEMC-S5248f-P-25G-DPB", "TH0H7JR7DNT0097A0021", "202205.0-a4c6bc8a1"}});
  check_fixture("sonic",
                {"sn2700-head.txt", {"SONiC", "Mellanox-SN2700-D48C8", "MT1822K07815", "HEAD.1.2.0-7995b757b"}});
}

TEST_CASE("sonic names what is missing in bad outputs") {
  CHECK(fixture_error("sonic", "truncated.txt") == "show version: no 'HwSKU' line");
  CHECK(fixture_error("sonic", "placeholder-serial.txt") == "sonic show version: serial is the placeholder 'N/A'");
  CHECK(fixture_error("sonic", "garbage.txt") == "show version: no 'SONiC Software Version' line");
}

TEST_CASE("opengear reads version, model and serial from three commands") {
  check_fixture("opengear", {"im7216-4.13.0.txt", {"Opengear", "IM7216-2-24E-DAC", "72162311004117", "4.13.0"}});
  check_fixture("opengear", {"cm7148-4.12.1.txt", {"Opengear", "CM7148-2-DAC", "71482008003391", "4.12.1"}});
  check_fixture("opengear", {"acm7004-4.13.0.txt", {"Opengear", "ACM7004-2-LMV", "70042107011850", "4.13.0"}});
}

TEST_CASE("opengear refuses an error message as serial and an unset model") {
  CHECK(fixture_error("opengear", "showserial-error.txt") ==
        "showserial: expected a serial number alone on its line, got \"-sh: showserial: not found\"");
  CHECK(fixture_error("opengear", "missing-model.txt") == "config -g config.system.model: printed nothing");
}

TEST_CASE("generic-linux reads os-release and DMI on Debian, Ubuntu and Rocky servers") {
  check_fixture("generic-linux",
                {"debian12-poweredge-r650.txt", {"Dell Inc.", "PowerEdge R650", "7XK2QH3", "12"}});
  check_fixture("generic-linux",
                {"ubuntu2204-supermicro.txt", {"Supermicro", "SSG-6049P-E1CR36L", "A328458X9A14021", "22.04"}});
  check_fixture("generic-linux",
                {"rocky9-proliant-dl360.txt", {"HPE", "ProLiant DL360 Gen10", "CZJ9330ABC", "9.3"}});
}

TEST_CASE("generic-linux falls back to the os-release NAME when sys_vendor is empty") {
  check_fixture("generic-linux",
                {"whitebox-empty-sys-vendor.txt", {"Debian GNU/Linux", "MX3-E2288G", "MX3E2288G-0004417", "12"}});
}

TEST_CASE("generic-linux names every unreadable form on an OpenBMC and for a non-root login") {
  CHECK(fixture_error("generic-linux", "openbmc-no-dmi.txt") ==
        "no form of `cat /sys/class/dmi/id/product_name` answered: `cat /sys/class/dmi/id/product_name`: refused: "
        "\"cat: can't open '/sys/class/dmi/id/product_name': No such file or directory\"; "
        "`sudo -n dmidecode -s system-product-name`: not run; `cat /proc/device-tree/model`: not run");
  CHECK(fixture_error("generic-linux", "serial-permission-denied.txt") ==
        "no form of `cat /sys/class/dmi/id/product_serial` answered: `cat /sys/class/dmi/id/product_serial`: refused: "
        "\"cat: /sys/class/dmi/id/product_serial: Permission denied\"; "
        "`sudo -n dmidecode -s system-serial-number`: not run; `cat /proc/device-tree/serial-number`: not run");
  CHECK(fixture_error("generic-linux", "no-version-id.txt") ==
        "cat /etc/os-release: no VERSION_ID line (rolling or testing release?)");
}

TEST_CASE("generic-linux unquotes single-quoted and escaped os-release values") {
  const CommandOutputs outputs = {
      {"cat /etc/os-release", "NAME='Acme \\\"Linux\\\"'\nVERSION_ID='2.14.0-dev'\n"},
      {"cat /sys/class/dmi/id/sys_vendor", "To Be Filled By O.E.M.\n"},
      {"cat /sys/class/dmi/id/product_name", "X11DPi-N\n"},
      {"cat /sys/class/dmi/id/product_serial", "ZM19AS012345\n"}};
  const auto facts = test::profile_named("generic-linux").parse(outputs);
  REQUIRE(facts.ok());
  CHECK(facts->vendor == "Acme \"Linux\"");
  CHECK(facts->version == "2.14.0-dev");
}
