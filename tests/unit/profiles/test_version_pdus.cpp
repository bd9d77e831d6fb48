// Version ordering of the PDU firmware schemes.
#include <string>

#include "version_check.hpp"

using namespace attest;
using attest::test::order;
using attest::test::rejection;

TEST_CASE("apc-aos orders numerically and ignores the printed 'v': v6.9.6 == 6.9.6 > v6.10.0 is false") {
  CHECK(order("apc-aos", "v6.9.6", "6.9.6") == 0);
  CHECK(order("apc-aos", "v6.9.6", "v6.9.4") > 0);
  CHECK(order("apc-aos", "v6.10.0", "v6.9.6") > 0);
  CHECK(order("apc-aos", "v6.4.6", "v6.9.6") < 0);
  CHECK(order("apc-aos", "v2.5.0.6", "v2.5.0.10") < 0);
}

TEST_CASE("apc-aos rejects what an NMC never prints") {
  CHECK(rejection("apc-aos", "6.9") == "apc-aos: '6.9' is not a version like v6.9.6, 6.9.6 or v2.5.0.6");
  CHECK_FALSE(rejection("apc-aos", "V6.9.6").empty());
  CHECK_FALSE(rejection("apc-aos", "v6.9.6a").empty());
  CHECK_FALSE(rejection("apc-aos", "v6.9.6.1.2").empty());
}

TEST_CASE("raritan orders the release numbers, then the build: 4.0.20.5-47974 > 3.5.0.5-46780") {
  CHECK(order("raritan", "4.0.20.5-47974", "3.5.0.5-46780") > 0);
  CHECK(order("raritan", "3.5.0.5-46780", "3.3.10.5-43736") > 0);
  CHECK(order("raritan", "3.3.10.5-43736", "3.3.2.5-43736") > 0);
  CHECK(order("raritan", "3.5.0.5-46800", "3.5.0.5-46780") > 0);
  CHECK(order("raritan", "3.5.0.5", "3.5.0.5-46780") < 0);
  CHECK(order("raritan", "3.5.0.5-46780", "3.5.0.5-46780") == 0);
}

TEST_CASE("raritan rejects a missing build number after the dash and trailing text") {
  CHECK(rejection("raritan", "3.5.0.5-") == "raritan: '3.5.0.5-' is not a version like 3.5.0.5-46780 or 4.0.20.5-47974");
  CHECK_FALSE(rejection("raritan", "3.5").empty());
  CHECK_FALSE(rejection("raritan", "3.5.0.5-46780 beta").empty());
}

TEST_CASE("servertech takes the letter as the patch level: 8.0p > 8.0k > 8.0, 8.2a > 8.0z, 7.0k < 8.0") {
  CHECK(order("servertech", "8.0p", "8.0k") > 0);
  CHECK(order("servertech", "8.0k", "8.0") > 0);
  CHECK(order("servertech", "8.2a", "8.0z") > 0);
  CHECK(order("servertech", "7.0k", "8.0") < 0);
  CHECK(order("servertech", "8.0aa", "8.0z") > 0);
  CHECK(order("servertech", "8.0P", "8.0p") == 0);
}

TEST_CASE("servertech rejects three-part numbers and long letter runs") {
  CHECK(rejection("servertech", "8.0.1") == "servertech: '8.0.1' is not a version like 8.0p, 8.2k or 7.0");
  CHECK_FALSE(rejection("servertech", "8.0pppp").empty());
  CHECK_FALSE(rejection("servertech", "8").empty());
}

TEST_CASE("geist orders dotted releases: 6.1.2 > 5.10.0 > 5.9.2") {
  CHECK(order("geist", "6.1.2", "5.10.0") > 0);
  CHECK(order("geist", "5.10.0", "5.9.2") > 0);
  CHECK(order("geist", "5.10", "5.10.0") == 0);
  CHECK_FALSE(rejection("geist", "v5.10.0").empty());
}

TEST_CASE("every PDU scheme rejects empty, word, double-dot, overlong and NUL-carrying versions") {
  const std::string overlong = "1." + std::string(70, '1');
  for (const char* scheme : {"apc-aos", "raritan", "servertech", "geist"}) {
    CAPTURE(scheme);
    CHECK(rejection(scheme, "") == std::string(scheme) + ": empty version");
    CHECK_FALSE(rejection(scheme, "abc").empty());
    CHECK_FALSE(rejection(scheme, "1..2").empty());
    CHECK(rejection(scheme, overlong) == std::string(scheme) + ": version longer than 64 characters");
    CHECK_FALSE(rejection(scheme, "99999999999999999999.1.1").empty());
    CHECK_FALSE(rejection(scheme, std::string("1\0.2.3", 6)).empty());
  }
}
