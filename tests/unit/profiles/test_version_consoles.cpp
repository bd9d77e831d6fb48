#include "version_check.hpp"

using namespace attest;
using attest::test::order;
using attest::test::rejection;

TEST_CASE("avocent-acs orders each of its four numbers numerically") {
  CHECK(order("avocent-acs", "3.8.0.9", "3.6.0.4") > 0);
  CHECK(order("avocent-acs", "3.8.0.10", "3.8.0.9") > 0);
  CHECK(order("avocent-acs", "2.20.0.7", "2.14.0.5") > 0);
  CHECK(order("avocent-acs", "3.8.0.9", "3.8.0.9") == 0);
}

TEST_CASE("avocent-acs rejects what is not three or four numbers") {
  CHECK(rejection("avocent-acs", "3.8") == "avocent-acs: '3.8' is not a version like 3.8.0.9 or 2.20.0.7");
  CHECK_FALSE(rejection("avocent-acs", "3.8.0.9.1").empty());
  CHECK_FALSE(rejection("avocent-acs", "V_3.8.0.9").empty());
  CHECK_FALSE(rejection("avocent-acs", "3.8.0.9 (Jun/04/24)").empty());
}

TEST_CASE("lantronix-slc orders the version first, then its R release") {
  CHECK(order("lantronix-slc", "8.3.0.0R2", "8.3.0.0R1") > 0);
  CHECK(order("lantronix-slc", "8.3.0.0R1", "8.2.0.1R9") > 0);
  CHECK(order("lantronix-slc", "8.3.0.0R10", "8.3.0.0R9") > 0);
  CHECK(order("lantronix-slc", "7.4.0.0R8", "8.3.0.0R2") < 0);
}

TEST_CASE("lantronix-slc rejects a version without its R release") {
  CHECK(rejection("lantronix-slc", "8.3.0.0") == "lantronix-slc: '8.3.0.0' is not a version like 8.3.0.0R2 or 7.4.0.0R8");
  CHECK_FALSE(rejection("lantronix-slc", "8.3.0R2").empty());
  CHECK_FALSE(rejection("lantronix-slc", "8.3.0.0R").empty());
  CHECK_FALSE(rejection("lantronix-slc", "8.3.0.0r2").empty());
}

TEST_CASE("digi-dal orders year, month, day and build numerically") {
  CHECK(order("digi-dal", "24.3.28.88", "23.12.1.56") > 0);
  CHECK(order("digi-dal", "24.12.1.5", "24.3.28.88") > 0);
  CHECK(order("digi-dal", "20.5.38.37", "24.3.28.88") < 0);
  CHECK_FALSE(rejection("digi-dal", "24.3").empty());
  CHECK_FALSE(rejection("digi-dal", "24.3.28.88-dev").empty());
}

TEST_CASE("digi-netos orders revisions of one part number: K > F, AA > Z, F1 > F") {
  CHECK(order("digi-netos", "82002549_K", "82002549_F") > 0);
  CHECK(order("digi-netos", "82002549_AA", "82002549_Z") > 0);
  CHECK(order("digi-netos", "82001526_F1", "82001526_F") > 0);
  CHECK(order("digi-netos", "82001526_G", "82001526_F1") > 0);
}

TEST_CASE("digi-netos rejects a version without part number and revision") {
  CHECK(rejection("digi-netos", "82002549") == "digi-netos: '82002549' is not a version like 82002549_K or 82001526_F1");
  CHECK_FALSE(rejection("digi-netos", "82002549_").empty());
  CHECK_FALSE(rejection("digi-netos", "_K").empty());
  CHECK_FALSE(rejection("digi-netos", "82002549_K 11/14/2012").empty());
  CHECK_FALSE(rejection("digi-netos", "82002549_K1234567890123456789").empty());
}
