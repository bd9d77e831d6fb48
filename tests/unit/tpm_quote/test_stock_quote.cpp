// Stock tpm2_quote over SSH: the labelled base64 parser (every malformed
// shape a clear error, never a crash), a real capture verified through it,
// and the lab recognising exactly the command line the gate sends.
#include <doctest/doctest.h>

#include <openssl/rand.h>

#include "attest/lab/stock_quote.hpp"
#include "attest/tpm/quote/stock_quote.hpp"
#include "attest/util/encoding.hpp"
#include "quote_fixtures.hpp"

using namespace attest;
using namespace attest::tpm;

namespace {

std::string b64(const Bytes& b) { return base64(b.data(), b.size()); }

// What the device's shell prints for the captured RSA quote.
std::string labelled(const quote_test::Captured& c) {
  return "message " + b64(c.msg) + "\nsignature " + b64(c.sig) + "\npcrs " + b64(c.pcr_file) + "\n";
}

std::string error_of(std::string_view text) {
  auto r = parse_labelled_quote(text);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::parse);
  CHECK(r.error().message.rfind("tpm2_quote output: ", 0) == 0);
  return r.error().message;
}

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("a captured stock quote parses from its labelled output and verifies") {
  const auto c = quote_test::load("rsa");
  auto q = parse_stock_quote(labelled(c));
  REQUIRE_MESSAGE(q.ok(), q.error().message);
  CHECK(q->message == c.msg);
  CHECK(q->signature == c.sig);
  CHECK(q->pcrs == c.pcrs);
  auto v = verify_quote(q->message, q->signature, q->pcrs, c.ak.get(), quote_test::fixture_policy());
  CHECK_MESSAGE(v.ok(), v.error().message);
}

TEST_CASE("the labels may come in any order") {
  const auto c = quote_test::load("ecc");
  auto q = parse_labelled_quote("pcrs " + b64(c.pcr_file) + "\nmessage " + b64(c.msg) + "\nsignature " + b64(c.sig) +
                                "\n");
  REQUIRE(q.ok());
  CHECK(q->signature == c.sig);
}

TEST_CASE("a truncated output is refused") {
  const std::string full = labelled(quote_test::load("rsa"));
  CHECK(has(error_of(full.substr(0, full.size() - 1)), "truncated"));
  // Cut inside the signature: no pcrs line, and a signature that is not base64.
  const std::string cut = full.substr(0, full.find("\npcrs ") - 7) + "\n";
  CHECK(has(error_of(cut), "signature"));
  CHECK(has(error_of(full.substr(0, full.find("pcrs "))), "no 'pcrs' line"));
  CHECK(has(error_of(""), "empty"));
}

TEST_CASE("an oversized output or value is refused before decoding") {
  CHECK(has(error_of(std::string(kMaxStockOutput + 1, 'A')), "larger than"));
  const auto c = quote_test::load("rsa");
  const std::string huge_sig(((kMaxStockSignature + 3) / 3) * 4 + 4, 'A');
  CHECK(has(error_of("message " + b64(c.msg) + "\nsignature " + huge_sig + "\npcrs " + b64(c.pcr_file) + "\n"),
            "signature is larger than 1024 bytes"));
}

TEST_CASE("a missing, unknown or repeated label is refused and named") {
  const auto c = quote_test::load("rsa");
  const std::string m = "message " + b64(c.msg) + "\n", s = "signature " + b64(c.sig) + "\n",
                    p = "pcrs " + b64(c.pcr_file) + "\n";
  CHECK(has(error_of(m + p), "no 'signature' line"));
  CHECK(has(error_of(m + s + s + p), "label 'signature' appears twice"));
  CHECK(has(error_of(m + s + p + "extra AAAA\n"), "unknown label 'extra'"));
  CHECK(has(error_of(m + s + "pcrs\n"), "is not \"<label> <base64>\""));
  CHECK(has(error_of(m + s + "pcrs \n"), "pcrs is empty"));
  CHECK(has(error_of(m + "\n" + s + p), "is not \"<label> <base64>\""));
}

TEST_CASE("bad base64 is refused with the label it was in") {
  const auto c = quote_test::load("rsa");
  const std::string rest = "signature " + b64(c.sig) + "\npcrs " + b64(c.pcr_file) + "\n";
  CHECK(has(error_of("message @@@@\n" + rest), "message: "));
  CHECK(has(error_of("message " + b64(c.msg) + "\r\n" + rest), "message: "));  // CRLF is not our shell's output
  CHECK(has(error_of("message " + b64(c.msg).substr(1) + "\n" + rest), "message: "));
}

TEST_CASE("a PCR file that does not parse is refused by parse_stock_quote") {
  const auto c = quote_test::load("rsa");
  const std::string text = "message " + b64(c.msg) + "\nsignature " + b64(c.sig) + "\npcrs " + b64(Bytes(10, 1)) + "\n";
  REQUIRE(parse_labelled_quote(text).ok());
  auto q = parse_stock_quote(text);
  REQUIRE_FALSE(q.ok());
  CHECK(has(q.error().message, "tpm2_quote output: pcrs: PCR file"));
}

TEST_CASE("random bytes never crash the parser") {
  Bytes noise(4096);
  for (int round = 0; round < 200; ++round) {
    REQUIRE(RAND_bytes(noise.data(), static_cast<int>(noise.size())) == 1);
    const std::string text(noise.begin(), noise.begin() + noise[0] * 16);
    CHECK_FALSE(parse_stock_quote(text).ok());
    CHECK_FALSE(parse_stock_quote("message " + text + "\n").ok());
  }
}

TEST_CASE("the lab recognises exactly the command line the gate sends") {
  const Bytes nonce(32, 0xab);
  const auto selection = parse_pcr_selection("sha1:0+sha256:0-7");
  REQUIRE(selection.ok());
  const std::string command = stock_quote_command(0x81010002, *selection, nonce);
  CHECK(has(command,
            "tpm2_quote -Q -c 0x81010002 -l sha1:0+sha256:0,1,2,3,4,5,6,7 -q " + to_hex(nonce) + " -g sha256"));
  auto parsed = lab::parse_stock_quote_command(command);
  REQUIRE(parsed);
  CHECK(parsed->handle == "0x81010002");
  CHECK(parsed->selection == "sha1:0+sha256:0,1,2,3,4,5,6,7");
  CHECK(parsed->nonce == to_hex(nonce));

  SUBCASE("and nothing else") {
    CHECK_FALSE(lab::parse_stock_quote_command(command + "; reboot"));
    CHECK_FALSE(lab::parse_stock_quote_command("true; " + command));
    std::string other = command;
    other.replace(other.find(to_hex(nonce)), 2, "$(");
    CHECK_FALSE(lab::parse_stock_quote_command(other));
    other = command;
    other.replace(other.find(" -l "), 4, " -l  ");
    CHECK_FALSE(lab::parse_stock_quote_command(other));
    other = command;
    other.replace(other.find("0x81010002"), 10, "0x8101000Z");
    CHECK_FALSE(lab::parse_stock_quote_command(other));
  }
}
