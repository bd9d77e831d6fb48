#include <doctest/doctest.h>

#include "attest/tpm/pcr.hpp"

using namespace attest::tpm;

TEST_CASE("a PCR selection in tpm2-tools syntax parses with ranges and several banks") {
  auto s = parse_pcr_selection("sha256:0-3,7+sha1:0");
  REQUIRE(s.ok());
  CHECK(s->at(kAlgSha256) == std::set<unsigned>{0, 1, 2, 3, 7});
  CHECK(s->at(kAlgSha1) == std::set<unsigned>{0});
  CHECK(to_string(*s) == "sha1:0+sha256:0,1,2,3,7");
}

TEST_CASE("bad PCR selections are refused with the reason") {
  CHECK(parse_pcr_selection("").error().message.find("empty") != std::string::npos);
  CHECK(parse_pcr_selection("md5:0").error().message.find("unknown hash algorithm 'md5'") != std::string::npos);
  CHECK(parse_pcr_selection("sha256:24").error().message.find("0-23") != std::string::npos);
  CHECK_FALSE(parse_pcr_selection("sha256:5-2").ok());
  CHECK_FALSE(parse_pcr_selection("sha256").ok());
  CHECK_FALSE(parse_pcr_selection("sha256:1,,2").ok());
}

TEST_CASE("hashing with a TPM algorithm id matches the known SHA-256 of the empty string") {
  CHECK(attest::to_hex(hash_with(kAlgSha256, "")) ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(hash_alg_size(kAlgSha384) == 48);
  CHECK(hash_with(0x1234, "x").empty());
}
