#include <string>

#include "version_check.hpp"

using namespace attest;
using attest::test::order;
using attest::test::rejection;

TEST_CASE("junos orders service releases after their release: 22.4R3-S2 > 22.4R3 and > 22.4R3-S1") {
  CHECK(order("junos", "22.4R3-S2", "22.4R3") > 0);
  CHECK(order("junos", "22.4R3-S2", "22.4R3-S1") > 0);
  CHECK(order("junos", "22.4R3-S10", "22.4R3-S9") > 0);
}

TEST_CASE("junos orders a later release above an earlier one's service releases") {
  CHECK(order("junos", "22.4R3", "22.4R2-S5") > 0);
  CHECK(order("junos", "23.2R1", "22.4R3-S2") > 0);
}

TEST_CASE("junos parses build numbers and X/D releases") {
  CHECK(is_valid_version("junos", "21.4R3-S3.4"));
  CHECK(is_valid_version("junos", "12.1X47-D20.7"));
  CHECK(order("junos", "21.4R3-S3.4", "21.4R3-S3") > 0);
  CHECK(order("junos", "15.1R7.9", "15.1R7-S1") < 0);
  CHECK(order("junos", "12.1X47-D20.7", "12.1X47-D45.4") < 0);
  CHECK(is_valid_version("junos", "21.4R3-S3.4-EVO"));
}

TEST_CASE("junos rejects malformed versions") {
  CHECK(rejection("junos", "22.4") == "junos: '22.4' is not a version like 22.4R3-S2, 21.4R3-S3.4 or 12.1X47-D20.7");
  CHECK_FALSE(rejection("junos", "22.4R").empty());
  CHECK_FALSE(rejection("junos", "22.4R3-").empty());
  CHECK_FALSE(rejection("junos", "22.4R3-S").empty());
}

TEST_CASE("sonic compares release branch and number numerically") {
  CHECK(order("sonic", "202305.1-7995b757b", "202205.0-a4c6bc8a1") > 0);
  CHECK(order("sonic", "202305.10-aaaa", "202305.9-bbbb") > 0);
}

TEST_CASE("sonic never calls two commits of the same release equal, and breaks the tie by hash text") {
  CHECK(order("sonic", "202305.1-7995b757b", "202305.1-7995b757b") == 0);
  CHECK(order("sonic", "202305.1-7995b757b", "202305.1-a4c6bc8a1") < 0);
  CHECK(order("sonic", "202305.1-a4c6bc8a1", "202305.1-7995b757b") > 0);
}

TEST_CASE("sonic parses HEAD builds and orders them before every release") {
  CHECK(is_valid_version("sonic", "HEAD.1.2.0-7995b757b"));
  CHECK(order("sonic", "HEAD.1.2.0-7995b757b", "201811.0") < 0);
  CHECK(order("sonic", "HEAD.2.0.0-a", "HEAD.1.2.0-b") > 0);
}

TEST_CASE("sonic rejects unknown branches and malformed versions") {
  CHECK(rejection("sonic", "abc") == "sonic: 'abc' names neither a release branch (YYYYMM) nor HEAD/master");
  CHECK_FALSE(rejection("sonic", "202305.").empty());
  CHECK_FALSE(rejection("sonic", "202305.1-").empty());
}

TEST_CASE("opengear compares dotted numbers: 4.13.0 > 4.12.1") {
  CHECK(order("opengear", "4.13.0", "4.12.1") > 0);
  CHECK(order("opengear", "4.13.0", "4.13") == 0);
}

TEST_CASE("dotted orders 12 < 12.1 < 13 and ignores trailing zeros") {
  CHECK(order("dotted", "12", "12.1") < 0);
  CHECK(order("dotted", "12.1", "13") < 0);
  CHECK(order("dotted", "12", "12.0") == 0);
  CHECK(order("dotted", "22.04", "22.4") == 0);
}

TEST_CASE("dotted treats a suffix as a pre-release: 2.14.0-dev < 2.14.0 < 2.14.1") {
  CHECK(is_valid_version("dotted", "2.14.0-dev"));
  CHECK(order("dotted", "2.14.0-dev", "2.14.0") < 0);
  CHECK(order("dotted", "2.14.0-dev", "2.13.9") > 0);
  CHECK(order("dotted", "2.14.0-dev-1049-gd3f0b59c0", "2.14.0-dev-998-gaaaa") > 0);
}

TEST_CASE("every scheme rejects empty, word, double-dot and overlong versions as parse errors") {
  const std::string overlong = "1." + std::string(100000, '1');
  for (const char* scheme : {"cisco-ios", "cisco-nxos", "arista-eos", "junos", "sonic", "opengear", "dotted"}) {
    CAPTURE(scheme);
    CHECK(rejection(scheme, "") == std::string(scheme) + ": empty version");
    CHECK_FALSE(rejection(scheme, "abc").empty());
    CHECK_FALSE(rejection(scheme, "1..2").empty());
    CHECK(rejection(scheme, overlong) == std::string(scheme) + ": version longer than 64 characters");
    CHECK_FALSE(rejection(scheme, "99999999999999999999.1").empty());
    CHECK_FALSE(rejection(scheme, std::string("1\0.2", 4)).empty());
  }
}

TEST_CASE("an unknown scheme is an error that lists the known ones") {
  CHECK_FALSE(is_known_scheme("semver"));
  const auto result = compare_versions("semver", "1", "2");
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind == ErrorKind::parse);
  CHECK(result.error().message ==
        "unknown version scheme 'semver' (known: cisco-ios, cisco-nxos, arista-eos, junos, sonic, opengear, dotted, "
        "avocent-acs, lantronix-slc, digi-dal, digi-netos, dell-os10, cumulus, aoscx, cisco-iosxr, "
        "apc-aos, raritan, servertech, geist)");
}

TEST_CASE("surrounding whitespace does not change a version") {
  CHECK(order("junos", " 22.4R3-S2\r\n", "22.4R3-S2") == 0);
}
