// The lab's emulated Cisco switch (attest/lab/sudi_device) checked with the
// gate's verifier: its answers must pass the same checks as the real captures.
#include <doctest/doctest.h>

#include "attest/integrity/cisco_integrity.hpp"
#include "attest/integrity/golden_check.hpp"
#include "attest/lab/personality.hpp"
#include "attest/lab/spec.hpp"
#include "attest/lab/sudi_device.hpp"

using namespace attest;

namespace {

lab::Facts lab_switch() {
  return lab::Facts{.vendor = "cisco", .model = "C9300-24T", .serial = "FOC2145X0AB", .version = "17.09.04a",
                    .hostname = "tor-r01", .extra = {}};
}

// The golden values a reviewer lists for the lab release: the lab's clean measurements.
GoldenDb golden_for(const lab::Facts& f) {
  const auto m = lab::lab_measurements(f, false);
  GoldenDb db;
  db.integrity.push_back(IntegrityPolicy{f.model, {f.version}, {to_hex(m.boot0)}, {to_hex(m.boot_loader)}, {to_hex(m.os)}, "lab.json#/policies/0"});
  return db;
}

// What the lab's cisco-iosxe personality answers, with the echo and prompt a shell capture has.
integrity::SwitchIntegrityInputs answers(const lab::LabSudi& sudi, lab::Facts f, std::uint64_t nonce, bool tampered) {
  f.sudi = std::shared_ptr<const lab::LabSudi>(&sudi, [](const lab::LabSudi*) {});
  f.tampered_os = tampered;
  const lab::Traits* iosxe = lab::find_traits("cisco-iosxe");
  REQUIRE(iosxe != nullptr);
  integrity::SwitchIntegrityInputs in;
  for (auto [command, out] : {std::pair{"show platform integrity sign nonce ", &in.integrity_output},
                              std::pair{"show platform sudi certificate sign nonce ", &in.sudi_output}}) {
    const std::string line = command + std::to_string(nonce);
    const auto answer = lab::render_command(*iosxe, f, line);
    REQUIRE(answer.has_value());
    *out = f.hostname + "#" + line + "\n" + *answer + f.hostname + "#";
  }
  in.nonce = nonce;
  in.trusted_roots_der = {sudi.chain_der.front()};
  return in;
}

}  // namespace

TEST_CASE("the lab switch's signed integrity answers pass the gate's measured-boot check with its lab root") {
  const auto f = lab_switch();
  auto sudi = lab::make_lab_sudi(f);
  REQUIRE_MESSAGE(sudi.ok(), (sudi.ok() ? "" : sudi.error().message));
  const auto finding = integrity::check_switch_integrity(answers(*sudi, f, 0x5eed5eed5eedULL, false), golden_for(f));
  CHECK_MESSAGE(finding.status == CheckStatus::pass, finding.detail);
  CHECK(finding.detail.find("PID:C9300-24T SN:FOC2145X0AB") != std::string::npos);
}

TEST_CASE("the lab's tampered OS image fails measured-boot naming the OS hash; Cisco's roots do not trust the lab") {
  const auto f = lab_switch();
  auto sudi = lab::make_lab_sudi(f);
  REQUIRE(sudi.ok());
  const auto tampered = integrity::check_switch_integrity(answers(*sudi, f, 77, true), golden_for(f));
  CHECK(tampered.status == CheckStatus::fail);
  CHECK(tampered.detail.find("OS Hash " + to_hex(lab::lab_measurements(f, true).os)) == 0);

  auto in = answers(*sudi, f, 77, false);
  in.nonce = 78;
  CHECK(integrity::check_switch_integrity(in, golden_for(f)).status == CheckStatus::fail);
  auto other = lab::make_lab_sudi(f);  // another lab start: another root
  REQUIRE(other.ok());
  in = answers(*sudi, f, 77, false);
  in.trusted_roots_der = {other->chain_der.front()};
  const auto untrusted = integrity::check_switch_integrity(in, golden_for(f));
  CHECK(untrusted.status == CheckStatus::fail);
  CHECK(untrusted.detail.find("not a trusted Cisco root") != std::string::npos);
}

TEST_CASE("a lab switch without a SUDI, or a malformed nonce, does not answer with evidence") {
  const lab::Traits* iosxe = lab::find_traits("cisco-iosxe");
  REQUIRE(iosxe != nullptr);
  auto f = lab_switch();
  CHECK_FALSE(lab::render_command(*iosxe, f, "show platform integrity sign nonce 5").has_value());
  auto sudi = lab::make_lab_sudi(f);
  REQUIRE(sudi.ok());
  f.sudi = std::make_shared<const lab::LabSudi>(std::move(*sudi));
  CHECK(lab::render_command(*iosxe, f, "show platform integrity sign nonce 5x") == std::string("% Invalid nonce\n"));
}

TEST_CASE("the lab spec's sudi member is for cisco-iosxe devices and names its one fault") {
  const auto spec = [](const std::string& profile, const std::string& sudi) {
    return R"({"schema": "attest.lab/v1", "devices": [{"name": "sw1", "profile": ")" + profile +
           R"(", "listen": "127.0.0.1:0", "facts": {"vendor": "cisco", "model": "C9300-24T", "serial": "S1",
           "version": "17.09.04a", "hostname": "sw1"}, "accounts": [{"username": "a", "password": "b"}], "sudi": )" + sudi + "}]}";
  };
  auto ok = lab::parse_spec(spec("cisco-iosxe", R"({"root_out": "r.pem", "fault": "tampered-os-hash"})"), "/tmp/lab.json");
  REQUIRE_MESSAGE(ok.ok(), (ok.ok() ? "" : ok.error().message));
  REQUIRE(ok->devices[0].sudi.has_value());
  CHECK(ok->devices[0].sudi->root_out == "/tmp/r.pem");
  CHECK(ok->devices[0].sudi->tampered_os);
  auto wrong = lab::parse_spec(spec("arista-eos", "{}"), "/tmp/lab.json");
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().message.find("/devices/0/sudi") != std::string::npos);
  auto fault = lab::parse_spec(spec("cisco-iosxe", R"({"fault": "flipped"})"), "/tmp/lab.json");
  REQUIRE_FALSE(fault.ok());
  CHECK(fault.error().message.find("unknown SUDI fault") != std::string::npos);
}
