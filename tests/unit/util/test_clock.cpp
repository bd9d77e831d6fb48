#include <doctest/doctest.h>

#include "attest/util/clock.hpp"

using namespace attest;

TEST_CASE("RFC 3339 UTC timestamps parse to epoch seconds") {
  CHECK(parse_rfc3339_utc("1970-01-01T00:00:00Z") == 0);
  CHECK(parse_rfc3339_utc("2000-03-01T00:00:00.5Z") == 951868800);
  CHECK(parse_rfc3339_utc("2026-11-29T11:42:06.123Z") == 1795952526);
  const auto now = parse_rfc3339_utc(utc_now_rfc3339());
  CHECK(now.has_value());
  for (const char* bad : {"", "2026-11-29", "2026-11-29T11:42:06", "2026-11-29T11:42:06+01:00",
                          "2026-13-01T00:00:00Z", "2026-11-29T24:00:00Z", "2026-11-29T11:42:06.Z",
                          "2026-11-29T11:42:06.123Zjunk", "20x6-11-29T11:42:06Z"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_rfc3339_utc(bad).has_value());
  }
}

TEST_CASE("durations: seconds, minutes, hours, days") {
  CHECK(parse_duration_seconds("90s") == 90);
  CHECK(parse_duration_seconds("15m") == 900);
  CHECK(parse_duration_seconds("24h") == 86400);
  CHECK(parse_duration_seconds("7d") == 604800);
  for (const char* bad : {"", "h", "24", "24x", "-1h", "1.5h", "99999999999999d"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_duration_seconds(bad).has_value());
  }
}

TEST_CASE("RFC 3339 UTC timestamps parse to epoch milliseconds, the fraction cut after three digits") {
  CHECK(parse_rfc3339_utc_millis("1970-01-01T00:00:00Z") == 0);
  CHECK(parse_rfc3339_utc_millis("1970-01-01T00:00:01.5Z") == 1500);
  CHECK(parse_rfc3339_utc_millis("1970-01-01T00:00:01.05Z") == 1050);
  CHECK(parse_rfc3339_utc_millis("2026-11-29T11:42:06.123Z") == 1795952526123);
  CHECK(parse_rfc3339_utc_millis("2026-11-29T11:42:06.123999Z") == 1795952526123);
  CHECK_FALSE(parse_rfc3339_utc_millis("2026-11-29T11:42:06.Z").has_value());
  CHECK_FALSE(parse_rfc3339_utc_millis("").has_value());
}
