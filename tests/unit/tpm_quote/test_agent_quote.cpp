#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "attest/util/encoding.hpp"
#include "quote_fixtures.hpp"

using namespace attest;
using namespace attest::tpm;
using attest::Bytes;
using attest::ErrorKind;
using quote_test::fails_with;
using quote_test::fixture;

namespace {

std::string b64(const Bytes& b) { return attest::base64(b.data(), b.size()); }

// The agent's JSON for a committed fixture quote (contract: attest.quote/v1).
nlohmann::json agent_json(const std::string& kind) {
  const auto c = quote_test::load(kind);
  nlohmann::json j = {{"schema", "attest.quote/v1"},
                      {"nonce", quote_test::fixture_text("nonce.hex")},
                      {"pcr_selection", "sha256:0,1,2,3,4,5,6,7"},
                      {"ak_public", b64(c.ak_pub)},
                      {"ak_name", attest::to_hex(fixture(kind + ".ak.name"))},
                      {"message", b64(c.msg)},
                      {"signature", b64(c.sig)}};
  for (const auto& [pcr, value] : c.pcrs.at(kAlgSha256)) j["pcrs"]["sha256"][std::to_string(pcr)] = attest::to_hex(value);
  return j;
}

}  // namespace

TEST_CASE("base64 decoding round-trips the encoder for every length and refuses non-canonical text") {
  for (std::size_t n = 0; n < 40; ++n) {
    Bytes b(n);
    for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(i * 37 + 5);
    auto d = base64_decode(b64(b));
    REQUIRE(d.ok());
    CHECK(*d == b);
  }
  CHECK(fails_with(base64_decode("QUJD\n"), ErrorKind::input, "multiple of 4"));
  CHECK(fails_with(base64_decode("QU JD"), ErrorKind::input, "length"));
  CHECK(fails_with(base64_decode("QU*D"), ErrorKind::input, "invalid character at offset 2"));
  CHECK(fails_with(base64_decode("Q=JD"), ErrorKind::input, "invalid character"));
  CHECK(fails_with(base64_decode("QR=="), ErrorKind::input, "non-zero bits"));
  CHECK_FALSE(base64_decode("====").ok());
  CHECK_FALSE(base64_decode("A===").ok());
  CHECK(base64_decode("")->empty());
}

TEST_CASE("hex decoding accepts both cases and refuses odd lengths and non-digits") {
  CHECK(*hex_decode("00fFa1") == Bytes{0x00, 0xff, 0xa1});
  CHECK(fails_with(hex_decode("abc"), ErrorKind::input, "odd"));
  CHECK(fails_with(hex_decode("0g"), ErrorKind::input, "offset 1"));
}

TEST_CASE("an agent quote JSON parses and verifies with the AK it carries") {
  for (const char* kind : {"rsa", "ecc"}) {
    CAPTURE(kind);
    auto q = parse_agent_quote_json(agent_json(kind).dump());
    REQUIRE_MESSAGE(q.ok(), (q.ok() ? "" : q.error().message));
    CHECK(q->pcr_selection == to_bank_list(*parse_pcr_selection("sha256:0-7")));
    auto v = verify_agent_quote(*q, quote_test::fixture_policy());
    CHECK_MESSAGE(v.ok(), (v.ok() ? "" : v.error().message));
  }
}

TEST_CASE("agent quote JSON with a wrong schema, bad encodings or a mismatched AK name is an input error") {
  auto j = agent_json("ecc");
  j["schema"] = "attest.quote/v2";
  CHECK(fails_with(parse_agent_quote_json(j.dump()), ErrorKind::input, "schema"));
  j = agent_json("ecc");
  j["message"] = "not base64!";
  CHECK(fails_with(parse_agent_quote_json(j.dump()), ErrorKind::input, "\"message\""));
  j = agent_json("ecc");
  j["ak_name"] = attest::to_hex(fixture("rsa.ak.name"));
  CHECK(fails_with(parse_agent_quote_json(j.dump()), ErrorKind::input, "is not the Name"));
  j = agent_json("ecc");
  j["pcrs"]["sha256"]["24"] = std::string(64, '0');
  CHECK(fails_with(parse_agent_quote_json(j.dump()), ErrorKind::input, "PCR index"));
  j = agent_json("ecc");
  j["pcrs"]["sha256"]["1"] = "00";
  CHECK(fails_with(parse_agent_quote_json(j.dump()), ErrorKind::input, "32-byte"));
  j = agent_json("ecc");
  j.erase("signature");
  CHECK(fails_with(parse_agent_quote_json(j.dump()), ErrorKind::input, "\"signature\" is missing"));
  CHECK(fails_with(parse_agent_quote_json("{not json"), ErrorKind::input, "not a JSON object"));
  CHECK(fails_with(parse_agent_quote_json("[]"), ErrorKind::input, "not a JSON object"));
}
