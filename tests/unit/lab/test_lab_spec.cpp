#include <doctest/doctest.h>

#include <string>

#include "attest/lab/spec.hpp"

using attest::lab::parse_spec;

namespace {

// One valid device; `extra` is spliced into its object, `listen` replaces the address.
std::string device(const std::string& name, const std::string& listen, const std::string& extra = "") {
  return R"({"name":")" + name + R"(","profile":"arista-eos","listen":")" + listen +
         R"(","facts":{"vendor":"Arista","model":"DCS-7050SX3-48YC8","serial":"JPE20481234","version":"4.30.1F"},)"
         R"("accounts":[{"username":"admin","auth":"none"},{"username":"svc","authorized_key":"keys/svc.pub"}])" +
         extra + "}";
}

std::string spec(const std::string& devices) {
  return R"({"schema":"attest.lab/v1","devices":[)" + devices + "]}";
}

std::string error_of(const std::string& text) {
  auto r = parse_spec(text, "/labs/rack1/lab.json");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == attest::ErrorKind::input);
  CHECK(r.error().message.find('\n') == std::string::npos);
  return r.error().message;
}

}  // namespace

TEST_CASE("a valid spec loads with defaults from the profile and paths relative to the spec") {
  auto r = parse_spec(spec(device("sw1", "127.78.0.2:2222")), "/labs/rack1/lab.json");
  REQUIRE(r.ok());
  REQUIRE(r->devices.size() == 1);
  const auto& d = r->devices[0];
  CHECK(d.address == "127.78.0.2");
  CHECK(d.port == 2222);
  CHECK(d.mode == attest::lab::Mode::exec);
  CHECK(d.paging);
  CHECK(d.fault == attest::lab::Fault::none);
  CHECK(d.host_key == "/labs/rack1/keys/sw1.key");
  CHECK(d.facts.hostname == "sw1");
  REQUIRE(d.accounts.size() == 2);
  CHECK(d.accounts[0].kind == attest::lab::AuthKind::none);
  CHECK(d.accounts[1].authorized_key == "/labs/rack1/keys/svc.pub");
}

TEST_CASE("shell-only profiles default to shell mode") {
  std::string text = spec(device("sw1", "127.78.0.2:2222"));
  text.replace(text.find("arista-eos"), 10, "cisco-iosxe");
  auto r = parse_spec(text, "lab.json");
  REQUIRE(r.ok());
  CHECK(r->devices[0].mode == attest::lab::Mode::shell);
}

TEST_CASE("an unknown field is refused with its JSON pointer") {
  const auto msg = error_of(spec(device("sw1", "127.78.0.2:2222", R"(,"colour":"red")")));
  CHECK(msg.rfind("/labs/rack1/lab.json: /devices/0/colour: unknown field (expected one of: name, profile,", 0) == 0);
}

TEST_CASE("an unknown top-level field is refused") {
  CHECK(error_of(R"({"schema":"attest.lab/v1","devices":[],"x":1})").find(": /x: unknown field") != std::string::npos);
}

TEST_CASE("missing facts are refused") {
  std::string text = spec(device("sw1", "127.78.0.2:2222"));
  text.replace(text.find(R"("serial":"JPE20481234",)"), 23, "");
  CHECK(error_of(text) == "/labs/rack1/lab.json: /devices/0/facts: missing required fact \"serial\"");
}

TEST_CASE("a device without facts is refused") {
  std::string text = R"({"schema":"attest.lab/v1","devices":[{"name":"a","profile":"sonic","listen":"127.78.0.2:22","accounts":[]}]})";
  CHECK(error_of(text).find("/devices/0/facts: required field is missing") != std::string::npos);
}

TEST_CASE("a malformed listen address is refused") {
  CHECK(error_of(spec(device("sw1", "127.78.0.2"))).find("/devices/0/listen: expected") != std::string::npos);
  CHECK(error_of(spec(device("sw1", "127.78.0.2:99999"))).find("/devices/0/listen: port") != std::string::npos);
  CHECK(error_of(spec(device("sw1", "localhost:22"))).find("not an IPv4 address") != std::string::npos);
}

TEST_CASE("an address outside 127.0.0.0/8 is refused: the lab only binds loopback") {
  const auto msg = error_of(spec(device("sw1", "10.0.0.5:22")));
  CHECK(msg.find("/devices/0/listen: address 10.0.0.5 is outside 127.0.0.0/8") != std::string::npos);
  CHECK(error_of(spec(device("sw1", "0.0.0.0:22"))).find("outside 127.0.0.0/8") != std::string::npos);
}

TEST_CASE("two devices on the same address and port are refused") {
  const auto msg = error_of(spec(device("sw1", "127.78.0.2:2222") + "," + device("sw2", "127.78.0.2:2222")));
  CHECK(msg.find("/devices/1/listen: duplicate listen address 127.78.0.2:2222") != std::string::npos);
}

TEST_CASE("port 0 may repeat: the kernel picks distinct ports") {
  CHECK(parse_spec(spec(device("sw1", "127.78.0.2:0") + "," + device("sw2", "127.78.0.2:0")), "l.json").ok());
}

TEST_CASE("duplicate device names are refused") {
  CHECK(error_of(spec(device("sw1", "127.78.0.2:1") + "," + device("sw1", "127.78.0.3:1")))
            .find("/devices/1/name: duplicate device name") != std::string::npos);
}

TEST_CASE("unknown profiles, faults and modes are refused") {
  std::string text = spec(device("sw1", "127.78.0.2:2222"));
  text.replace(text.find("arista-eos"), 10, "hp-procurve");
  CHECK(error_of(text).find("/devices/0/profile: unknown profile") != std::string::npos);
  CHECK(error_of(spec(device("sw1", "127.78.0.2:1", R"(,"fault":"explode")"))).find("/devices/0/fault") !=
        std::string::npos);
  CHECK(error_of(spec(device("sw1", "127.78.0.2:1", R"(,"mode":"telnet")"))).find("/devices/0/mode") !=
        std::string::npos);
}

TEST_CASE("faults are parsed by their spec names") {
  auto r = parse_spec(spec(device("sw1", "127.78.0.2:1", R"(,"fault":"drop-mid-command")")), "l.json");
  REQUIRE(r.ok());
  CHECK(r->devices[0].fault == attest::lab::Fault::drop_mid_command);
  CHECK(parse_spec(spec(device("sw1", "127.78.0.2:1", R"(,"fault":null)")), "l.json").ok());
}

TEST_CASE("an account needs exactly one way to log in") {
  std::string text = spec(device("sw1", "127.78.0.2:2222"));
  text.replace(text.find(R"({"username":"admin","auth":"none"})"), 34, R"({"username":"admin"})");
  CHECK(error_of(text).find("/devices/0/accounts/0: needs exactly one of") != std::string::npos);
}

TEST_CASE("an empty password is a valid account") {
  std::string text = spec(device("sw1", "127.78.0.2:2222"));
  text.replace(text.find(R"("auth":"none")"), 13, R"("password":"")");
  auto r = parse_spec(text, "l.json");
  REQUIRE(r.ok());
  CHECK(r->devices[0].accounts[0].kind == attest::lab::AuthKind::password);
  CHECK(r->devices[0].accounts[0].password.empty());
}

TEST_CASE("wrong schema and invalid JSON are refused with the file name") {
  CHECK(error_of(R"({"schema":"attest.lab/v2","devices":[]})").find("/schema: must be") != std::string::npos);
  CHECK(error_of("{nope").find("/labs/rack1/lab.json: invalid JSON at line 1") == 0);
}

TEST_CASE("load_spec reports a missing file") {
  auto r = attest::lab::load_spec("/nonexistent/lab.json");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("/nonexistent/lab.json") != std::string::npos);
}

TEST_CASE("a TPM device serves its event log at the Linux path unless the spec names another") {
  const std::string tpm = R"(,"tpm":{"crtm_version":"1.5.6","firmware_images":["fw"]})";
  auto r = parse_spec(spec(device("srv1", "127.78.0.2:1", tpm)), "l.json");
  REQUIRE_MESSAGE(r.ok(), r.error().message);
  REQUIRE(r->devices[0].tpm);
  CHECK(r->devices[0].tpm->event_log_path == "/sys/kernel/security/tpm0/binary_bios_measurements");
  CHECK(r->devices[0].tpm->secure_boot);
  CHECK(r->devices[0].tpm->firmware_images == std::vector<std::string>{"fw"});
  CHECK_FALSE(r->devices[0].tpm->ecc_ek_only);

  r = parse_spec(spec(device("srv1", "127.78.0.2:1",
                             R"(,"tpm":{"crtm_version":"1","event_log_path":"/boot/log.bin","secure_boot":false,)"
                             R"("fault":"replayed-quote","ek_certificates":"ecc-only"})")),
                 "l.json");
  REQUIRE_MESSAGE(r.ok(), r.error().message);
  CHECK(r->devices[0].tpm->event_log_path == "/boot/log.bin");
  CHECK_FALSE(r->devices[0].tpm->secure_boot);
  CHECK(r->devices[0].tpm->fault == attest::lab::TpmFault::replayed_quote);
  CHECK(r->devices[0].tpm->ecc_ek_only);
}

TEST_CASE("a bad TPM section is refused with its pointer") {
  auto tpm_error = [](const std::string& section) {
    return error_of(spec(device("srv1", "127.78.0.2:1", R"(,"tpm":)" + section)));
  };
  CHECK(tpm_error(R"({"crtm_version":"1","event_log_path":"log.bin"})")
            .find("/devices/0/tpm/event_log_path: must be an absolute path") != std::string::npos);
  CHECK(tpm_error(R"({"crtm_version":"1","fault":"melted"})").find("/devices/0/tpm/fault: unknown TPM fault") !=
        std::string::npos);
  CHECK(tpm_error(R"({"crtm_version":"1","secure_boot":"yes"})")
            .find("/devices/0/tpm/secure_boot: must be true or false") != std::string::npos);
  CHECK(tpm_error(R"({"crtm_version":"1","ek_certificates":"rsa-only"})")
            .find("/devices/0/tpm/ek_certificates: must be \"swtpm\" or \"ecc-only\"") != std::string::npos);
  CHECK(tpm_error(R"({})").find("/devices/0/tpm/crtm_version: required field is missing") != std::string::npos);
  CHECK(tpm_error(R"({"crtm_version":"1","firmware_images":[3]})").find("/devices/0/tpm/firmware_images/0:") !=
        std::string::npos);
}
