#include "version_check.hpp"

using namespace attest;
using attest::test::order;
using attest::test::rejection;

TEST_CASE("cisco-ios ignores zero padding: 16.12.04 == 16.12.4") {
  CHECK(order("cisco-ios", "16.12.04", "16.12.4") == 0);
}

TEST_CASE("cisco-ios orders a rebuild letter after the plain release: 17.9.4a > 17.9.4") {
  CHECK(order("cisco-ios", "17.9.4a", "17.9.4") > 0);
  CHECK(order("cisco-ios", "17.9.4", "17.9.4a") < 0);
  CHECK(order("cisco-ios", "17.09.04a", "17.9.4a") == 0);
}

TEST_CASE("cisco-ios compares minor numbers numerically: 17.10.1 > 17.9.4a") {
  CHECK(order("cisco-ios", "17.10.1", "17.9.4a") > 0);
}

TEST_CASE("cisco-ios parses classic and interim IOS versions") {
  CHECK(is_valid_version("cisco-ios", "15.2(20170321:233949)"));
  CHECK(order("cisco-ios", "15.2(20170321:233949)", "15.2(20170321:233950)") < 0);
  CHECK(order("cisco-ios", "15.2(7)E3", "15.2(7)E10") < 0);
  CHECK(order("cisco-ios", "12.2(55)SE12", "15.0(2)SE11") < 0);
  CHECK(is_valid_version("cisco-ios", "03.16.04b.S"));
}

TEST_CASE("cisco-ios refuses engineering special builds with a reason") {
  const auto message = rejection("cisco-ios", "V169_5_SR689355441_2");
  CHECK(message.find("engineering special build") != std::string::npos);
  CHECK(message.find("no order against releases") != std::string::npos);
}

TEST_CASE("cisco-ios rejects malformed versions") {
  CHECK(rejection("cisco-ios", "17.9.") == "cisco-ios: '17.9.' is not a version like 17.9.4a, 16.12.04 or 15.2(7)E3");
  CHECK_FALSE(rejection("cisco-ios", "15.2(7").empty());
  CHECK_FALSE(rejection("cisco-ios", "17").empty());
  CHECK_FALSE(rejection("cisco-ios", "17.9.4 a").empty());
}

TEST_CASE("cisco-nxos compares the parenthesised maintenance number numerically: 9.3(10) > 9.3(9)") {
  CHECK(order("cisco-nxos", "9.3(10)", "9.3(9)") > 0);
}

TEST_CASE("cisco-nxos orders a rebuild letter after the plain release: 10.3(4a) > 10.3(4)") {
  CHECK(order("cisco-nxos", "10.3(4a)", "10.3(4)") > 0);
  CHECK(order("cisco-nxos", "10.3(4a)", "10.3(4b)") < 0);
}

TEST_CASE("cisco-nxos orders 7.x trains: 7.0(3)I4(3) < 7.0(3)I7(1)") {
  CHECK(order("cisco-nxos", "7.0(3)I4(3)", "7.0(3)I7(1)") < 0);
  CHECK(order("cisco-nxos", "7.0(3)I7(10)", "7.0(3)I7(9)") > 0);
  CHECK(order("cisco-nxos", "7.0(3)I7(9)", "9.3(1)") < 0);
}

TEST_CASE("cisco-nxos parses ACI-style 14.0(1h) and a release-type designation") {
  CHECK(is_valid_version("cisco-nxos", "14.0(1h)"));
  CHECK(order("cisco-nxos", "10.3(4a)M", "10.3(4a)") == 0);
}

TEST_CASE("cisco-nxos rejects malformed versions") {
  CHECK(rejection("cisco-nxos", "9.3") == "cisco-nxos: '9.3' is not a version like 9.3(10), 10.3(4a) or 7.0(3)I4(3)");
  CHECK_FALSE(rejection("cisco-nxos", "7.0(3)I4").empty());
  CHECK_FALSE(rejection("cisco-nxos", "9.3(10").empty());
  CHECK_FALSE(rejection("cisco-nxos", "9.3(10)(2)").empty());
}

TEST_CASE("arista-eos compares numbers before the train letter: 4.30.1F > 4.28.3M") {
  CHECK(order("arista-eos", "4.30.1F", "4.28.3M") > 0);
  CHECK(order("arista-eos", "4.30.1F", "4.30.1F") == 0);
  CHECK(order("arista-eos", "4.30.1.1F", "4.30.1F") > 0);
}

TEST_CASE("arista-eos compares an internal version on its release: 4.15.5M-3054042.4155M == 4.15.5M") {
  CHECK(is_valid_version("arista-eos", "4.15.5M-3054042.4155M"));
  CHECK(order("arista-eos", "4.15.5M-3054042.4155M", "4.15.5M") == 0);
  CHECK(order("arista-eos", "4.15.5M-3054042.4155M", "4.28.3M") < 0);
}

TEST_CASE("arista-eos rejects malformed versions") {
  CHECK(rejection("arista-eos", "4.30") == "arista-eos: '4.30' is not a version like 4.30.1F or 4.15.5M-3054042.4155M");
  CHECK_FALSE(rejection("arista-eos", "4.30.1F-").empty());
  CHECK_FALSE(rejection("arista-eos", "4.30.1F2").empty());
}
