#include <doctest/doctest.h>

#include "attest/config/inventory_loader.hpp"
#include "attest/config/secrets_loader.hpp"
#include "config_test_util.hpp"

using namespace attest;
using attest::testing::fixture;
using attest::testing::TempDir;
using attest::testing::with;
using attest::testing::without;

namespace {

// Distinctive values, to prove no message ever contains them.
const std::string kPassword = "hunter2-Zq8!";
const std::string kPassphrase = "pass-phrase-Vx3";
const std::string kRetired = "old-Secret-77";

std::string secrets_text() {
  OrderedJson doc = {{"schema", "attest.secrets/v1"},
              {"credentials",
               {{"netops", {{"username", "netops"}, {"password", kPassword}}},
                {"ops-key", {{"username", "root"}, {"private_key", "keys/ops_ed25519"}, {"passphrase", kPassphrase}}}}},
              {"retired",
               OrderedJson::array({{{"id", "netops-2023"}, {"username", "netops"}, {"password", kRetired}, {"reason", "rotated"}},
                            {{"id", "blank"}, {"username", "admin"}, {"password", ""}}})}};
  return doc.dump(2);
}

std::string error_of(const std::string& text) {
  auto secrets = parse_secrets(text, "/etc/attest/secrets.json");
  REQUIRE_FALSE(secrets.ok());
  const std::string message = secrets.error().message;
  CHECK(secrets.error().kind == ErrorKind::input);
  CHECK(message.find(kPassword) == std::string::npos);
  CHECK(message.find(kPassphrase) == std::string::npos);
  CHECK(message.find(kRetired) == std::string::npos);
  return message;
}

}  // namespace

TEST_CASE("a valid secrets file loads and resolves key paths next to it") {
  TempDir dir;
  const auto path = dir.write("secrets.json", secrets_text());
  const auto key = dir.write("keys/ops_ed25519", "-----BEGIN OPENSSH PRIVATE KEY-----\n");
  auto secrets = load_secrets(path);
  REQUIRE_MESSAGE(secrets.ok(), secrets.error().message);
  REQUIRE(secrets->credentials.size() == 2);
  CHECK(secrets->credentials.at("netops").password == kPassword);
  CHECK(secrets->credentials.at("ops-key").private_key == key);
  CHECK(secrets->credentials.at("ops-key").passphrase == kPassphrase);
  REQUIRE(secrets->retired.size() == 2);
  CHECK(secrets->retired[0].id == "netops-2023");
  CHECK(secrets->retired[1].password.empty());
}

TEST_CASE("a secrets file readable by group or others is refused before it is read") {
  TempDir dir;
  for (unsigned mode : {0644u, 0640u, 0604u, 0620u}) {
    // Invalid JSON: the mode must be what is reported.
    const auto path = dir.write("secrets.json", "not json " + kPassword, mode);
    auto secrets = load_secrets(path);
    REQUIRE_FALSE(secrets.ok());
    char mode_text[8];
    std::snprintf(mode_text, sizeof mode_text, "%04o", mode);
    CHECK(secrets.error().kind == ErrorKind::input);
    CHECK(secrets.error().message == path + ": mode " + mode_text +
                                         " is too open; secrets files must be 0600 (chmod 600 " + path + ")");
  }
}

TEST_CASE("a private key file that is missing or too open is refused") {
  TempDir dir;
  const auto path = dir.write("secrets.json", secrets_text());
  const std::string key = dir.path() + "/keys/ops_ed25519";
  auto missing = load_secrets(path);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message ==
        path + ": /credentials/ops-key/private_key: key file " + key + " does not exist");
  dir.write("keys/ops_ed25519", "key", 0644);
  auto open = load_secrets(path);
  REQUIRE_FALSE(open.ok());
  CHECK(open.error().message == path + ": /credentials/ops-key/private_key: " + key +
                                    ": mode 0644 is too open; private key files must be 0600 (chmod 600 " + key + ")");
}

TEST_CASE("a credential needs exactly one of password and private_key") {
  const auto text = secrets_text();
  CHECK(error_of(with(text, "/credentials/netops/private_key", "k")) ==
        "/etc/attest/secrets.json: /credentials/netops: needs exactly one of \"password\" or \"private_key\"");
  CHECK(error_of(without(text, "/credentials/netops/password")) ==
        "/etc/attest/secrets.json: /credentials/netops: needs exactly one of \"password\" or \"private_key\"");
  CHECK(error_of(with(text, "/credentials/netops/passphrase", kPassphrase)) ==
        "/etc/attest/secrets.json: /credentials/netops/passphrase: is only allowed with \"private_key\"");
  CHECK(error_of(without(text, "/credentials/netops/username")) ==
        "/etc/attest/secrets.json: /credentials/netops/username: required field is missing");
}

TEST_CASE("retired credentials need unique ids, a username and a password") {
  const auto text = secrets_text();
  CHECK(error_of(with(text, "/retired/1/id", "netops-2023")) ==
        "/etc/attest/secrets.json: /retired/1/id: duplicate retired credential id (first at /retired/0/id)");
  CHECK(error_of(without(text, "/retired/0/password")) ==
        "/etc/attest/secrets.json: /retired/0/password: required field is missing");
  CHECK(error_of(without(text, "/retired/0/username")) ==
        "/etc/attest/secrets.json: /retired/0/username: required field is missing");
}

TEST_CASE("secrets errors name the field, never the value") {
  const auto text = secrets_text();
  CHECK(error_of(with(text, "/schema", kPassword)) == "/etc/attest/secrets.json: /schema: must be \"attest.secrets/v1\"");
  CHECK(error_of(with(text, "/credentials/netops/password", OrderedJson::array({kPassword}))) ==
        "/etc/attest/secrets.json: /credentials/netops/password: must be a string");
  CHECK(error_of(with(text, "/credentials/netops/pasword", kPassword)).rfind(
            "/etc/attest/secrets.json: /credentials/netops/pasword: unknown field", 0) == 0);
  CHECK(error_of(with(text, "/retired/0/note", kRetired)).rfind("/etc/attest/secrets.json: /retired/0/note: unknown", 0) == 0);
  // A broken document around a password: nlohmann's own message would quote it.
  CHECK(error_of("{\"credentials\": {\"x\": {\"password\": \"" + kPassword + "\n\"}}}") ==
        "/etc/attest/secrets.json: invalid JSON at line 1, column 49");
  CHECK(error_of("{\"credentials\": {\"x\": {\"password\": " + kPassword + "}}}").rfind(
            "/etc/attest/secrets.json: invalid JSON at line 1", 0) == 0);
}

TEST_CASE("every device's credential must exist in the secrets file") {
  auto inv = parse_inventory(fixture("inventory-small.json"), "inv.json", true);
  REQUIRE(inv.ok());
  auto secrets = parse_secrets(secrets_text(), "secrets.json");
  REQUIRE(secrets.ok());
  CHECK(check_credentials_exist(*inv, *secrets).ok());
  secrets->credentials.erase("ops-key");
  auto status = check_credentials_exist(*inv, *secrets);
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().kind == ErrorKind::input);
  CHECK(status.error().message == "inv.json: /racks/0/devices/2/credential: credential 'ops-key' is not in secrets.json");
}

TEST_CASE("a duplicate credential id in secrets is refused, naming it but no value") {
  const std::string text = R"({"schema": "attest.secrets/v1", "credentials": {
      "a": {"username": "u", "password": ")" + kPassword + R"("}, "a": {"username": "v", "password": "x"}}})";
  CHECK(error_of(text) == "/etc/attest/secrets.json: /credentials/a: duplicate member \"a\"");
}

TEST_CASE("usernames, credential ids and retired ids in secrets are names") {
  const auto text = secrets_text();
  CHECK(error_of(with(text, "/credentials/netops/username", "net\tops")) ==
        "/etc/attest/secrets.json: /credentials/netops/username: name contains control character U+0009");
  CHECK(error_of(with(text, "/retired/0/id", "o\xe2\x81\xa6ld")) ==
        "/etc/attest/secrets.json: /retired/0/id: name contains bidirectional control U+2066");
  CHECK(error_of(with(text, "/retired/0/username", std::string("a\0b", 3))) ==
        "/etc/attest/secrets.json: /retired/0/username: name contains a NUL character");
  OrderedJson doc = OrderedJson::parse(text);
  doc["credentials"][std::string("a\0b", 3)] = doc["credentials"]["netops"];
  // The pointer through the bad id is printed escaped, on one line.
  CHECK(error_of(doc.dump()) == "/etc/attest/secrets.json: /credentials/a\\u{0000}b: name contains a NUL character");
}

TEST_CASE("a secrets file that is a FIFO is refused at once") {
  TempDir dir;
  const std::string fifo = dir.path() + "/secrets.json";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  auto s = load_secrets(fifo);
  REQUIRE_FALSE(s);
  CHECK(s.error().message == fifo + ": is a FIFO, not a regular file");
}
