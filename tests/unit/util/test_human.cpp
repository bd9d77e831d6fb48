#include <doctest/doctest.h>

#include "attest/util/human.hpp"

using namespace attest;

TEST_CASE("counts are grouped by thousands with commas") {
  CHECK(group_thousands(0) == "0");
  CHECK(group_thousands(999) == "999");
  CHECK(group_thousands(1000) == "1,000");
  CHECK(group_thousands(10000) == "10,000");
  CHECK(group_thousands(1234567) == "1,234,567");
}

TEST_CASE("durations read in tenths under ten seconds, then seconds, minutes, hours") {
  CHECK(human_duration(Millis(0)) == "0.0 s");
  CHECK(human_duration(Millis(-5)) == "0.0 s");
  CHECK(human_duration(Millis(349)) == "0.3 s");
  CHECK(human_duration(Millis(2849)) == "2.8 s");
  CHECK(human_duration(Millis(9949)) == "9.9 s");
  CHECK(human_duration(Millis(9960)) == "10 s");
  CHECK(human_duration(Millis(59499)) == "59 s");
  CHECK(human_duration(Millis(59500)) == "1 min 00 s");
  CHECK(human_duration(Millis(185000)) == "3 min 05 s");
  CHECK(human_duration(Millis(7620000)) == "2 h 07 min");
}
