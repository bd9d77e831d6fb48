#include <doctest/doctest.h>

#include <filesystem>

#include "attest/config/golden_loader.hpp"
#include "attest/profiles/profile.hpp"
#include "config_test_util.hpp"

using namespace attest;
using attest::testing::TempDir;
using attest::testing::with;
using attest::testing::without;

namespace {

const std::string kFirmware = R"({
  "schema": "attest.firmware/v1", "vendor": "Arista",
  "models": [
    {"model": "DCS-7050SX3-48YC8", "aliases": ["DCS-7050SX3-48YC8-F"], "profile": "arista-eos", "scheme": "arista-eos",
     "approved": ["4.30.1F", "4.31.2F"], "minimum": "4.30.1F",
     "blocked": [{"version": "4.28.3M", "advisory": "SITE-SEC-TEST-1", "reason": "test"}]},
    {"model": "DCS-7050CX3-32S", "profile": "arista-eos", "scheme": "arista-eos", "approved": ["4.31.2F"]}
  ]})";

const std::string kCredentials = R"({
  "schema": "attest.default-credentials/v1",
  "profiles": {
    "arista-eos": {"attempt_budget": 6, "max_auth_per_connection": 3, "defaults": [
      {"id": "eos-admin-none", "username": "admin", "auth": "none", "source": "EOS docs"},
      {"id": "eos-admin-empty", "username": "admin", "password": "", "source": "EOS docs"}]},
    "opengear": {"defaults": [
      {"id": "lantronix-serial", "username": "sysadmin", "password_rule": {"serial_suffix": 8}, "source": "SLC docs"}]}
  }})";

std::string firmware_error(const std::string& text, GoldenDb db = {}) {
  auto status = parse_firmware_file(text, "fw.json", db);
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().kind == ErrorKind::input);
  return status.error().message;
}

std::string credentials_error(const std::string& text, GoldenDb db = {}) {
  auto status = parse_credentials_file(text, "cred.json", db);
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().kind == ErrorKind::input);
  return status.error().message;
}

}  // namespace

TEST_CASE("the shipped golden DB loads and covers the demo rack") {
  const auto dir = attest::testing::source_path("firmware-db");
  auto db = load_golden_db(dir);
  REQUIRE_MESSAGE(db.ok(), db.error().message);
  const FirmwarePolicy* og = db->find_firmware("IM7216-2-24E-DAC");
  REQUIRE(og != nullptr);
  CHECK(og->minimum == "4.13.0");
  REQUIRE(og->blocked.size() == 1);
  CHECK(og->blocked[0].advisory == "SITE-SEC-2026-014");
  CHECK(og->source == dir + "/firmware/opengear.json#/models/0");
  const FirmwarePolicy* c9300 = db->find_firmware("C9300-48P");
  REQUIRE(c9300 != nullptr);
  CHECK(c9300->scheme == "cisco-ios");
  CHECK(c9300->blocked.size() == 3);
  for (const auto& b : c9300->blocked) CHECK(b.advisory == "cisco-sa-iosxe-webui-privesc-j22SaA4z");
  for (const char* model : {"DCS-7050SX3-48YC8", "N9K-C93180YC-FX", "ex4300-48t", "Accton-AS7326-56X", "PowerEdge R660",
                            "PX3-5190R", "AST2600-EVB"}) {
    CAPTURE(model);
    CHECK(db->find_firmware(model) != nullptr);
  }
  CHECK(db->find_firmware("PowerEdge R660")->vendor == "Dell Inc.");
  // Every profile has documented defaults, and login + defaults + 2 retired fit the budget.
  for (const auto& profile : all_profiles()) {
    CAPTURE(profile.name);
    REQUIRE(db->credentials.count(profile.name) == 1);
    const auto& policy = db->credentials.at(profile.name);
    CHECK(policy.defaults.size() <= 3);
    CHECK(1 + static_cast<int>(policy.defaults.size()) + 2 <= policy.attempt_budget.value_or(kDefaultAttemptBudget));
    for (const auto& c : policy.defaults) CHECK_FALSE(c.source.empty());
  }
}

TEST_CASE("a valid firmware file yields policies with their source") {
  GoldenDb db;
  REQUIRE(parse_firmware_file(kFirmware, "fw.json", db).ok());
  REQUIRE(db.firmware.size() == 2);
  CHECK(db.firmware[0].vendor == "Arista");
  CHECK(db.firmware[0].source == "fw.json#/models/0");
  CHECK(db.find_firmware("DCS-7050SX3-48YC8-F") == &db.firmware[0]);
  CHECK_FALSE(db.firmware[1].minimum.has_value());
}

TEST_CASE("firmware files refuse unknown fields, schemes and profiles") {
  CHECK(firmware_error(with(kFirmware, "/models/0/notes", "x")).rfind("fw.json: /models/0/notes: unknown field", 0) == 0);
  CHECK(firmware_error(with(kFirmware, "/schema", "attest.firmware/v0")) == "fw.json: /schema: must be \"attest.firmware/v1\"");
  CHECK(firmware_error(with(kFirmware, "/models/1/scheme", "semver")) ==
        "fw.json: /models/1/scheme: unknown version scheme 'semver'");
  CHECK(firmware_error(with(kFirmware, "/models/1/profile", "arista")) == "fw.json: /models/1/profile: unknown profile 'arista'");
  CHECK(firmware_error(without(kFirmware, "/models/1/approved")) == "fw.json: /models/1/approved: required field is missing");
}

TEST_CASE("every firmware version must be valid in the model's scheme") {
  CHECK(firmware_error(with(kFirmware, "/models/0/approved/1", "bogus")) ==
        "fw.json: /models/0/approved/1: version 'bogus' is not valid in scheme 'arista-eos'");
  CHECK(firmware_error(with(kFirmware, "/models/0/minimum", "bogus")) ==
        "fw.json: /models/0/minimum: version 'bogus' is not valid in scheme 'arista-eos'");
  CHECK(firmware_error(with(kFirmware, "/models/0/blocked/0/version", "bogus")) ==
        "fw.json: /models/0/blocked/0/version: version 'bogus' is not valid in scheme 'arista-eos'");
}

TEST_CASE("a version both approved and blocked is refused") {
  CHECK(firmware_error(with(kFirmware, "/models/0/blocked/0/version", "4.31.2F")) ==
        "fw.json: /models/0/blocked/0/version: version '4.31.2F' is blocked and also approved at /models/0/approved/1");
}

TEST_CASE("a blocked version needs its advisory and reason") {
  CHECK(firmware_error(without(kFirmware, "/models/0/blocked/0/advisory")) ==
        "fw.json: /models/0/blocked/0/advisory: required field is missing");
  CHECK(firmware_error(with(kFirmware, "/models/0/blocked/0/reason", "")) ==
        "fw.json: /models/0/blocked/0/reason: must not be empty");
}

TEST_CASE("a model or alias is defined once across all files") {
  CHECK(firmware_error(with(kFirmware, "/models/1/model", "DCS-7050SX3-48YC8-F")) ==
        "fw.json: /models/1/model: model 'DCS-7050SX3-48YC8-F' is already defined at fw.json#/models/0/aliases/0");
  CHECK(firmware_error(with(kFirmware, "/models/1/aliases", OrderedJson::array({"X", "X"}))) ==
        "fw.json: /models/1/aliases/1: model 'X' is already defined at /models/1/aliases/0");
  GoldenDb db;
  REQUIRE(parse_firmware_file(kFirmware, "a.json", db).ok());
  CHECK(firmware_error(kFirmware, db) ==
        "fw.json: /models/0/model: model 'DCS-7050SX3-48YC8' is already defined at a.json#/models/0/model");
}

TEST_CASE("a valid default-credentials file yields the three password kinds") {
  GoldenDb db;
  REQUIRE(parse_credentials_file(kCredentials, "cred.json", db).ok());
  const auto& eos = db.credentials.at("arista-eos");
  CHECK(eos.attempt_budget == 6);
  CHECK(eos.max_auth_per_connection == 3);
  REQUIRE(eos.defaults.size() == 2);
  CHECK(eos.defaults[0].kind == PasswordKind::none_auth);
  CHECK(eos.defaults[1].kind == PasswordKind::literal);
  CHECK(eos.defaults[1].password.empty());
  CHECK(eos.defaults[1].source == "EOS docs");
  const auto& rule = db.credentials.at("opengear").defaults.at(0);
  CHECK(rule.kind == PasswordKind::serial_suffix);
  CHECK(rule.length == 8);
}

TEST_CASE("a default credential needs exactly one password form") {
  const std::string expected = "cred.json: /profiles/arista-eos/defaults/0: needs exactly one of \"password\", "
                               "\"auth\": \"none\" or \"password_rule\"";
  CHECK(credentials_error(without(kCredentials, "/profiles/arista-eos/defaults/0/auth")) == expected);
  CHECK(credentials_error(with(kCredentials, "/profiles/arista-eos/defaults/0/password", "x")) == expected);
  CHECK(credentials_error(with(kCredentials, "/profiles/arista-eos/defaults/0/auth", "password")) ==
        "cred.json: /profiles/arista-eos/defaults/0/auth: must be \"none\"");
  CHECK(credentials_error(with(kCredentials, "/profiles/opengear/defaults/0/password_rule/serial_suffix", 0)) ==
        "cred.json: /profiles/opengear/defaults/0/password_rule/serial_suffix: must be an integer 1-64");
}

TEST_CASE("a default credential without its documentation source is refused") {
  CHECK(credentials_error(without(kCredentials, "/profiles/arista-eos/defaults/1/source")) ==
        "cred.json: /profiles/arista-eos/defaults/1/source: required field is missing");
  CHECK(credentials_error(with(kCredentials, "/profiles/arista-eos/defaults/1/source", "")) ==
        "cred.json: /profiles/arista-eos/defaults/1/source: must not be empty");
}

TEST_CASE("default credential ids are unique and profiles known and defined once") {
  CHECK(credentials_error(with(kCredentials, "/profiles/opengear/defaults/0/id", "eos-admin-none")) ==
        "cred.json: /profiles/opengear/defaults/0/id: duplicate default credential id 'eos-admin-none' "
        "(first at /profiles/arista-eos/defaults/0/id)");
  CHECK(credentials_error(with(kCredentials, "/profiles/mikrotik", OrderedJson::parse(R"({"defaults": []})"))) ==
        "cred.json: /profiles/mikrotik: unknown profile 'mikrotik'");
  GoldenDb db;
  REQUIRE(parse_credentials_file(kCredentials, "a.json", db).ok());
  CHECK(credentials_error(without(kCredentials, "/profiles/opengear"), db) ==
        "cred.json: /profiles/arista-eos: profile 'arista-eos' is defined twice");
  CHECK(credentials_error(with(kCredentials, "/profiles/opengear/attempt_budget", 0)) ==
        "cred.json: /profiles/opengear/attempt_budget: must be an integer 1-100");
}

TEST_CASE("load_golden_db reads firmware/ and credentials/ in name order and ignores the rest") {
  TempDir dir;
  dir.write("firmware/b.json", kFirmware);
  dir.write("firmware/a.json", with(kFirmware, "/models", OrderedJson::parse(R"([{"model": "DCS-7050CX3-32S",
      "profile": "arista-eos", "scheme": "arista-eos", "approved": []}])")));
  dir.write("credentials/defaults.json", kCredentials);
  dir.write("MANIFEST.json", "not json");
  dir.write("other.json", "not json");
  dir.write("schema/firmware.schema.json", "not json");
  dir.write("firmware/README.md", "not json");
  auto db = load_golden_db(dir.path());
  REQUIRE_FALSE(db.ok());
  // a.json is read first, so b.json's model 1 is the duplicate.
  CHECK(db.error().message == dir.path() + "/firmware/b.json: /models/1/model: model 'DCS-7050CX3-32S' is already "
                                           "defined at " + dir.path() + "/firmware/a.json#/models/0/model");
  dir.write("firmware/a.json", with(kFirmware, "/models", OrderedJson::parse(R"([{"model": "DCS-7280SR3-48YC8",
      "profile": "arista-eos", "scheme": "arista-eos", "approved": []}])")));
  auto ok = load_golden_db(dir.path());
  REQUIRE_MESSAGE(ok.ok(), ok.error().message);
  CHECK(ok->firmware.size() == 3);
  CHECK(ok->firmware[0].model == "DCS-7280SR3-48YC8");
}

TEST_CASE("lint notes models without policy and profiles without defaults") {
  TempDir dir;
  dir.write("firmware/a.json", with(kFirmware, "/models/1/approved", OrderedJson::array()));
  dir.write("credentials/defaults.json", kCredentials);
  std::vector<std::string> notes;
  REQUIRE(lint_golden_db(dir.path(), &notes).ok());
  const std::string source = dir.path() + "/firmware/a.json#/models/1";
  CHECK(std::find(notes.begin(), notes.end(),
                  source + ": model 'DCS-7050CX3-32S' has no approved version and no minimum") != notes.end());
  CHECK(std::find(notes.begin(), notes.end(),
                  "profile sonic has no default credentials: only retired credentials will be tried") != notes.end());
  CHECK_FALSE(lint_golden_db(dir.path() + "/missing", &notes).ok());
}

TEST_CASE("the shipped golden DB lints without notes") {
  std::vector<std::string> notes;
  REQUIRE(lint_golden_db(attest::testing::source_path("firmware-db"), &notes).ok());
  for (const auto& note : notes) MESSAGE(note);
  CHECK(notes.empty());
}

TEST_CASE("a duplicate member in a DB file is refused") {
  CHECK(credentials_error(R"({"schema": "attest.default-credentials/v1", "schema": "x", "profiles": {}})") ==
        "cred.json: /schema: duplicate member \"schema\"");
}

TEST_CASE("default credential ids and usernames in the golden DB are names") {
  CHECK(credentials_error(with(kCredentials, "/profiles/opengear/defaults/0/id", "og\x1b")) ==
        "cred.json: /profiles/opengear/defaults/0/id: name contains control character U+001B");
  CHECK(credentials_error(with(kCredentials, "/profiles/opengear/defaults/0/username", std::string("a\0b", 3))) ==
        "cred.json: /profiles/opengear/defaults/0/username: name contains a NUL character");
}

TEST_CASE("the golden DB loads from the bytes it was given, not from the files again") {
  TempDir dir;
  dir.write("firmware/a.json", kFirmware);
  dir.write("credentials/defaults.json", kCredentials);
  auto files = sign::read_db_files(dir.path());
  REQUIRE(files);
  // A swap after the read (after verification, at a site) changes nothing.
  dir.write("firmware/a.json", "not json");
  auto db = load_golden_db(*files, dir.path());
  REQUIRE_MESSAGE(db.ok(), db.error().message);
  CHECK(db->firmware.size() == 2);
  CHECK(db->credentials.count("opengear") == 1);
  CHECK_FALSE(load_golden_db(dir.path()).ok());
}
