#include <doctest/doctest.h>

#include "integrity_fixtures.hpp"

using namespace attest::integrity;
using attest::ErrorKind;
using integrity_test::capture;
using integrity_test::cisco_roots;
using integrity_test::fails_with;
using integrity_test::fixture_certificate;
using integrity_test::replace_once;

namespace {

attest::Status verify_isr4321(const std::string& text, std::optional<std::uint64_t> nonce) {
  auto report = parse_integrity(text);
  REQUIRE_MESSAGE(report.ok(), (report.ok() ? "" : report.error().message));
  return verify_integrity(*report, fixture_certificate("isr4k_device_cert.txt"), nonce);
}

SudiReport sudi_of(const std::string& name) {
  auto sudi = parse_sudi(capture(name));
  REQUIRE_MESSAGE(sudi.ok(), (sudi.ok() ? "" : sudi.error().message));
  return *sudi;
}

// A change to one hex digit: the first `digit` after `marker`.
std::string flip_after(const std::string& text, const std::string& marker) {
  auto out = text;
  const auto at = out.find(marker);
  REQUIRE(at != std::string::npos);
  char& c = out[at + marker.size()];
  c = c == '0' ? '1' : '0';
  return out;
}

}  // namespace

TEST_CASE("a real ISR 4451 capture pair verifies end to end: chain, both signatures, PCR0/PCR8 replay, PID") {
  auto v = verify_switch_integrity(capture("isr4k_show_plat_int_multi_hashes.txt"), capture("isr4k_show_plat_sudi_cert.txt"),
                                   cisco_roots(), 12345);
  REQUIRE_MESSAGE(v.ok(), (v.ok() ? "" : v.error().message));
  CHECK(v->identity.pid == "ISR4451-X/K9");
  CHECK(v->identity.serial_number == "FOC163709C3");
  CHECK(v->report.os_hashes.size() == 19);
}

TEST_CASE("real ISR 1100 outputs verify under the Cisco Root CA 2099 chain") {
  auto id = verify_sudi(sudi_of("isr1k_show_plat_sudi_sign_nonce.txt"), cisco_roots(), 79213556);
  REQUIRE_MESSAGE(id.ok(), (id.ok() ? "" : id.error().message));
  CHECK(id->pid == "C1111-8P");
  auto report = parse_integrity(capture("isr1k_show_plat_int_sign_nonce.txt"));
  REQUIRE(report.ok());
  const auto st = verify_integrity(*report, id->device_der, 1325);
  CHECK_MESSAGE(st.ok(), (st.ok() ? "" : st.error().message));
}

TEST_CASE("a real Catalyst 3850 SUDI output verifies under the Cisco Root CA 2048 chain") {
  auto id = verify_sudi(sudi_of("38_show_sudi_sign_nonce.txt"), cisco_roots(), 10);
  REQUIRE_MESSAGE(id.ok(), (id.ok() ? "" : id.error().message));
  CHECK(id->pid == "WS-C3850-24XU");
}

TEST_CASE("real ISR 4321 integrity outputs verify with its SUDI certificate, with and without a nonce") {
  const auto with_nonce = verify_isr4321(capture("isr4k_show_plat_sign_nonce.txt"), 1);
  CHECK_MESSAGE(with_nonce.ok(), (with_nonce.ok() ? "" : with_nonce.error().message));
  const auto without = verify_isr4321(capture("isr4k_show_plat_int_sign.txt"), std::nullopt);
  CHECK_MESSAGE(without.ok(), (without.ok() ? "" : without.error().message));
}

TEST_CASE("a changed listed hash keeps the signature valid but fails the PCR replay, naming the PCR") {
  const auto good = capture("isr4k_show_plat_sign_nonce.txt");
  CHECK(fails_with(verify_isr4321(flip_after(good, "OS Hash: "), 1), ErrorKind::crypto, "PCR8 replayed from the listed hashes"));
  CHECK(fails_with(verify_isr4321(flip_after(good, "Boot Loader Hash: "), 1), ErrorKind::crypto, "PCR0 replayed"));
  CHECK(fails_with(verify_isr4321(flip_after(good, "Boot 0 Hash: "), 1), ErrorKind::crypto, "PCR0 replayed"));
}

TEST_CASE("a changed PCR, a flipped signature or a wrong signature version fail the signature") {
  const auto good = capture("isr4k_show_plat_sign_nonce.txt");
  CHECK(fails_with(verify_isr4321(flip_after(good, "PCR8: "), 1), ErrorKind::crypto, "does not verify with the SUDI key"));
  CHECK(fails_with(verify_isr4321(flip_after(good, "Signature:\n"), 1), ErrorKind::crypto, "does not verify with the SUDI key"));
  CHECK(fails_with(verify_isr4321(replace_once(good, "Signature version: 1", "Signature version: 2"), 1), ErrorKind::crypto, "signature version 2"));
}

TEST_CASE("a nonce other than the one sent, or none, is refused as a replay") {
  const auto good = capture("isr4k_show_plat_sign_nonce.txt");
  CHECK(fails_with(verify_isr4321(good, 2), ErrorKind::crypto, "is not the nonce sent"));
  CHECK(fails_with(verify_isr4321(replace_once(good, "sign nonce 1", "sign nonce 2"), 2), ErrorKind::crypto, "does not verify"));
  // Signed without a nonce: checked over nonce 7 (no echo to compare), the signature fails.
  CHECK(fails_with(verify_isr4321(capture("isr4k_show_plat_int_sign.txt"), 7), ErrorKind::crypto, "does not verify"));
  // Signed over nonce 1, the echo removed (as an exec channel returns it): the signature alone binds it.
  const auto no_echo = replace_once(good, "isr4321#show platform integrity sign nonce 1\n", "");
  CHECK(verify_isr4321(no_echo, 1).ok());
  CHECK(fails_with(verify_isr4321(no_echo, 2), ErrorKind::crypto, "does not verify"));
  CHECK(fails_with(verify_isr4321(good, std::nullopt), ErrorKind::crypto, "where none was sent"));
  CHECK(fails_with(verify_isr4321(good, 0), ErrorKind::usage, "nonce 0"));
  CHECK(fails_with(verify_sudi(sudi_of("38_show_sudi_sign_nonce.txt"), cisco_roots(), 11), ErrorKind::crypto, "is not the nonce sent"));
}

TEST_CASE("a SUDI chain to an untrusted root, a swapped device certificate or a flipped signature is refused") {
  const auto sudi = sudi_of("isr1k_show_plat_sudi_sign_nonce.txt");
  const auto roots = cisco_roots();
  CHECK(fails_with(verify_sudi(sudi, {roots[0]}, 79213556), ErrorKind::crypto, "not a trusted Cisco root"));

  const auto other_ca = sudi_of("38_show_sudi_sign_nonce.txt");
  auto mixed = sudi;
  mixed.certificates_der[1] = other_ca.certificates_der[1];  // ACT2 SUDI CA does not issue this device
  CHECK(fails_with(verify_sudi(mixed, roots, 79213556), ErrorKind::crypto, "does not chain to a trusted Cisco root"));

  auto swapped = other_ca;
  swapped.certificates_der[2] = fixture_certificate("isr4k_device_cert.txt");  // chains, but did not sign
  CHECK(fails_with(verify_sudi(swapped, roots, 10), ErrorKind::crypto, "does not verify with the SUDI key"));

  auto flipped = sudi;
  flipped.signature[10] ^= 1;
  CHECK(fails_with(verify_sudi(flipped, roots, 79213556), ErrorKind::crypto, "does not verify with the SUDI key"));
}

TEST_CASE("integrity output signed by another switch's SUDI key, or for another platform, is refused") {
  // The ISR 4321 output checked with the ISR 4451 pair's SUDI: the signature is not that key's.
  CHECK(fails_with(verify_switch_integrity(replace_once(capture("isr4k_show_plat_sign_nonce.txt"), "sign nonce 1", "sign nonce 12345"),
                                           capture("isr4k_show_plat_sudi_cert.txt"), cisco_roots(), 12345),
                   ErrorKind::crypto, "does not verify with the SUDI key"));
}
