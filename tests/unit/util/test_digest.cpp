#include <doctest/doctest.h>

#include "attest/util/digest.hpp"

using namespace attest;

TEST_CASE("sha256 of the empty string is the well-known digest") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("base64 pads only when asked") {
  const std::uint8_t bytes[] = {'f', 'o'};
  CHECK(base64(bytes, 2, true) == "Zm8=");
  CHECK(base64(bytes, 2, false) == "Zm8");
}
