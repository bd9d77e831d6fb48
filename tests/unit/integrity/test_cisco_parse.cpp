#include <doctest/doctest.h>

#include "integrity_fixtures.hpp"

using namespace attest::integrity;
using attest::ErrorKind;
using integrity_test::capture;
using integrity_test::fails_with;
using integrity_test::replace_once;

TEST_CASE("an ISR 4321 capture parses into versions, hashes, PCRs, the echoed nonce and the signature") {
  auto r = parse_integrity(capture("isr4k_show_plat_sign_nonce.txt"));
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  CHECK(r->platform == "ISR4321/K9");
  CHECK(r->boot0_version == "F01023R12.1817bb4af2014-05-23");
  CHECK(r->boot0.digest.size() == 32);
  CHECK(r->boot_loader_version == "16.2(2r)");
  CHECK(r->boot_loader.digest.size() == 64);
  CHECK(r->os_version == "16.03.01");
  REQUIRE(r->os_hashes.size() == 1);
  CHECK(r->os_hashes[0].name == "OS Hash");
  CHECK(r->pcr0.size() == 32);
  CHECK(r->nonce == 1u);
  CHECK(r->signature_version == 1);
  CHECK(r->signature.size() == 256);
}

TEST_CASE("the multi-package form lists every OS package hash in order") {
  auto r = parse_integrity(capture("isr4k_show_plat_int_multi_hashes.txt"));
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  REQUIRE(r->os_hashes.size() == 19);
  CHECK(r->os_hashes.front().name == "isr4400-universalk9.17.04.01a.SPA.bin");
  CHECK(r->os_hashes.back().name == "isr4400-firmware_nim_xdsl.17.04.01a.SPA.pkg");
  CHECK(r->nonce == 12345u);
}

TEST_CASE("a capture without a nonce parses with no nonce") {
  auto r = parse_integrity(capture("isr4k_show_plat_int_sign.txt"));
  REQUIRE(r.ok());
  CHECK_FALSE(r->nonce.has_value());
}

TEST_CASE("hashes printed empty, as a Catalyst 3850 does, are refused as not present") {
  CHECK(fails_with(parse_integrity(capture("38_show_plat_int_no_hash.txt")), ErrorKind::parse, "% Error retrieving integrity data"));
  const auto without_error = replace_once(capture("38_show_plat_int_no_hash.txt"), "% Error retrieving integrity data", "");
  CHECK(fails_with(parse_integrity(without_error), ErrorKind::parse, "'Boot 0 Hash' is not present"));
}

TEST_CASE("an OS hash that is not present and a switch error line are refused naming the field or the error") {
  CHECK(fails_with(parse_integrity(capture("isr4k_show_plat_int_not_present_os_hash.txt")), ErrorKind::parse, "'OS Hash' is not present"));
  CHECK(fails_with(parse_integrity(capture("cbr8_show_plat_int_sign_not_present.txt")), ErrorKind::parse, "the switch refused"));
  CHECK(fails_with(parse_integrity(capture("isr4k_show_plat_int_line_wrap.txt")), ErrorKind::parse, "the switch refused"));
}

TEST_CASE("hex wrapped onto the next line, a glued prompt and CRLF line ends are joined back") {
  auto wrapped = capture("isr4k_show_plat_int_line_wrap.txt");
  wrapped = replace_once(wrapped, "% Error retrieving integrity data", "PCR0: " + std::string(64, 'A') + "\nPCR8: " + std::string(64, 'B') + "\nSignature version: 1\nSignature:\n0102\n0304");
  auto r = parse_integrity(wrapped);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  CHECK(r->platform == "ISR4451-X/K9");
  CHECK(r->boot_loader.digest.size() == 64);
  CHECK(r->os_hashes.at(0).digest.size() == 64);
  CHECK(r->signature == attest::Bytes{1, 2, 3, 4});

  std::string crlf;
  for (char c : capture("isr4k_show_plat_sign_nonce.txt")) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  auto r2 = parse_integrity(crlf);
  REQUIRE(r2.ok());
  CHECK(r2->os_version == "16.03.01");
}

TEST_CASE("missing, duplicated, short and non-hex fields are refused naming the field") {
  const auto good = capture("isr4k_show_plat_sign_nonce.txt");
  CHECK(fails_with(parse_integrity(replace_once(good, "PCR8:", "PCR9:")), ErrorKind::parse, "'PCR8' is missing"));
  CHECK(fails_with(parse_integrity(good + "\nPCR0: " + std::string(64, '0')), ErrorKind::parse, "'PCR0' appears twice"));
  CHECK(fails_with(parse_integrity(replace_once(good, "Boot 0 Hash: B29E", "Boot 0 Hash: ")), ErrorKind::parse, "'Boot 0 Hash' is 30 bytes"));
  CHECK(fails_with(parse_integrity(replace_once(good, "PCR0: 2D42", "PCR0: XD42")), ErrorKind::parse, "'PCR0' is not hex"));
  CHECK(fails_with(parse_integrity(replace_once(good, "Signature version: 1", "Signature version: one")), ErrorKind::parse, "not a number"));
  CHECK(fails_with(parse_integrity(replace_once(good, "Platform:", "Platfrm:")), ErrorKind::parse, "'Platform' is missing"));
}

TEST_CASE("output above the size cap is refused before parsing") {
  CHECK(fails_with(parse_integrity(std::string(kMaxOutputBytes + 1, 'A')), ErrorKind::parse, "above the cap"));
  CHECK(fails_with(parse_sudi(std::string(kMaxOutputBytes + 1, 'A')), ErrorKind::parse, "above the cap"));
}

TEST_CASE("the SUDI output parses into three certificates, the nonce and the signature") {
  auto s = parse_sudi(capture("isr1k_show_plat_sudi_sign_nonce.txt"));
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().message));
  CHECK(s->certificates_der.size() == 3);
  CHECK(s->nonce == 79213556u);
  CHECK(s->signature.size() == 256);
}

TEST_CASE("SUDI output with a cut-off or missing certificate is refused") {
  const auto good = capture("38_show_sudi_sign_nonce.txt");
  const auto last_end = good.rfind("-----END CERTIFICATE-----");
  CHECK(fails_with(parse_sudi(good.substr(0, last_end)), ErrorKind::parse, "cut off"));
  const auto first_end = good.find("-----END CERTIFICATE-----") + 25;
  const auto second_begin = good.find("-----BEGIN CERTIFICATE-----", first_end);
  const auto second_end = good.find("-----END CERTIFICATE-----", second_begin) + 25;
  CHECK(fails_with(parse_sudi(good.substr(0, second_begin) + good.substr(second_end)), ErrorKind::parse, "2 certificates"));
  CHECK(fails_with(parse_sudi(replace_once(good, "Signature:\n", "Signature:\n\n% Error")), ErrorKind::parse, "the switch refused"));
}

TEST_CASE("the echoed nonce is read only from a well-formed number") {
  CHECK(echoed_nonce("ISR1K#show platform integrity sign nonce 1325") == 1325u);
  CHECK_FALSE(echoed_nonce("ISR1K#show platform integrity sign").has_value());
  CHECK_FALSE(echoed_nonce("x#show platform integrity sign nonce 12ab").has_value());
  CHECK_FALSE(echoed_nonce("x#show platform integrity sign nonce 99999999999999999999999").has_value());
}
