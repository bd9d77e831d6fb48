#include <doctest/doctest.h>

#include "attest/config/golden_loader.hpp"
#include "config_test_util.hpp"

using namespace attest;
using attest::testing::TempDir;
using attest::testing::with;
using attest::testing::without;

namespace {

const std::string kDigest = std::string(64, 'a');

const std::string kBoot = R"({
  "schema": "attest.boot/v1", "description": "test",
  "policies": [
    {"model": "PowerEdge R660", "firmware_versions": ["12", "13"], "pcr_selection": "sha256:0-7+sha1:0",
     "crtm_versions": ["1.5.6"], "platform_firmware_digests": [")" +
                          kDigest + R"("],
     "boot_application_digests": [], "secure_boot": "required",
     "expected_pcrs": {"sha256": {"0": ")" +
                          std::string(64, 'B') + R"("}, "sha1": {"0": ")" + std::string(40, 'c') + R"("}}},
    {"model": "DCS-7050SX3-48YC8", "firmware_versions": ["4.30.1F"], "pcr_selection": "sha256:0,2,4",
     "crtm_versions": [], "platform_firmware_digests": [], "boot_application_digests": [], "secure_boot": "optional"}
  ]})";

std::string boot_error(const std::string& text, GoldenDb db = {}) {
  auto status = parse_boot_file(text, "boot.json", db);
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().kind == ErrorKind::input);
  return status.error().message;
}

}  // namespace

TEST_CASE("a valid boot file yields policies with their source, digests in lower case") {
  GoldenDb db;
  const auto status = parse_boot_file(kBoot, "boot.json", db);
  REQUIRE_MESSAGE(status.ok(), status.error().message);
  REQUIRE(db.boot.size() == 2);
  const BootPolicy* p = db.find_boot("PowerEdge R660", "13");
  REQUIRE(p == &db.boot[0]);
  CHECK(p->source == "boot.json#/policies/0");
  CHECK(p->secure_boot_required);
  CHECK(p->expected_pcrs.at("sha256").at(0) == std::string(64, 'b'));
  CHECK(p->platform_firmware_digests == std::vector<std::string>{kDigest});
  CHECK_FALSE(db.boot[1].secure_boot_required);
  CHECK(db.find_boot("PowerEdge R660", "11") == nullptr);
  CHECK(db.find_boot("PowerEdge R760", "12") == nullptr);
}

TEST_CASE("boot files refuse unknown fields and a wrong schema") {
  CHECK(boot_error(with(kBoot, "/policies/0/pcrs", "x")).rfind("boot.json: /policies/0/pcrs: unknown field", 0) == 0);
  CHECK(boot_error(with(kBoot, "/schema", "attest.boot/v0")) == "boot.json: /schema: must be \"attest.boot/v1\"");
  CHECK(boot_error(without(kBoot, "/policies/1/secure_boot")) ==
        "boot.json: /policies/1/secure_boot: required field is missing");
  CHECK(boot_error(with(kBoot, "/policies/1/secure_boot", "yes")) ==
        "boot.json: /policies/1/secure_boot: must be \"required\" or \"optional\"");
  CHECK(boot_error(with(kBoot, "/policies/1/firmware_versions", OrderedJson::array())) ==
        "boot.json: /policies/1/firmware_versions: must not be empty");
}

TEST_CASE("boot digests and expected PCRs must have their bank's hex length") {
  CHECK(boot_error(with(kBoot, "/policies/0/platform_firmware_digests/0", "abcd")) ==
        "boot.json: /policies/0/platform_firmware_digests/0: must be a sha256 digest (64 hex digits)");
  CHECK(boot_error(with(kBoot, "/policies/1/boot_application_digests", OrderedJson::array({std::string(64, 'g')}))) ==
        "boot.json: /policies/1/boot_application_digests/0: must be a sha256 digest (64 hex digits)");
  CHECK(boot_error(with(kBoot, "/policies/0/expected_pcrs/sha1/0", kDigest)) ==
        "boot.json: /policies/0/expected_pcrs/sha1/0: must be a sha1 value (40 hex digits)");
  CHECK(boot_error(with(kBoot, "/policies/0/expected_pcrs/md5", OrderedJson::object())) ==
        "boot.json: /policies/0/expected_pcrs/md5: unknown PCR bank 'md5' (expected sha1, sha256, sha384 or sha512)");
  CHECK(boot_error(with(kBoot, "/policies/0/expected_pcrs/sha256/24", kDigest))
            .rfind("boot.json: /policies/0/expected_pcrs/sha256/24: unknown field", 0) == 0);
}

TEST_CASE("SHA1-only evidence: sha1 digest lists, sha1_only_log, and the generator's reference block") {
  const std::string sha1 = std::string(40, 'D');
  std::string text = with(kBoot, "/policies/1/sha1_boot_application_digests", OrderedJson::array({sha1}));
  text = with(text, "/policies/1/sha1_only_log", "refused");
  text = with(text, "/policies/1/reference",
              OrderedJson{{"eventlog_sha256", kDigest}, {"eventlog_format", "sha1-only"}, {"events", 17},
                          {"generated_by", "attest boot golden 0.1.0"}});
  GoldenDb db;
  const auto status = parse_boot_file(text, "boot.json", db);
  REQUIRE_MESSAGE(status.ok(), status.error().message);
  CHECK(db.boot[1].sha1_boot_application_digests == std::vector<std::string>{std::string(40, 'd')});
  CHECK(db.boot[1].sha1_only_log_refused);
  CHECK_FALSE(db.boot[0].sha1_only_log_refused);  // the default: accepted
  CHECK(boot_error(with(kBoot, "/policies/0/sha1_platform_firmware_digests", OrderedJson::array({kDigest}))) ==
        "boot.json: /policies/0/sha1_platform_firmware_digests/0: must be a sha1 digest (40 hex digits)");
  CHECK(boot_error(with(kBoot, "/policies/0/sha1_only_log", "maybe")) ==
        "boot.json: /policies/0/sha1_only_log: must be \"accepted\" or \"refused\"");
  CHECK(boot_error(with(text, "/policies/1/reference/eventlog_sha256", "abc")) ==
        "boot.json: /policies/1/reference/eventlog_sha256: must be a sha256 digest (64 hex digits)");
  CHECK(boot_error(with(text, "/policies/1/reference/eventlog_format", "tcg")) ==
        "boot.json: /policies/1/reference/eventlog_format: must be \"crypto-agile\" or \"sha1-only\"");
  CHECK(boot_error(without(text, "/policies/1/reference/events")) ==
        "boot.json: /policies/1/reference/events: required field is missing");
}

TEST_CASE("the PCR selection must parse and cover the expected PCRs") {
  CHECK(boot_error(with(kBoot, "/policies/1/pcr_selection", "sha256:0-24")) ==
        "boot.json: /policies/1/pcr_selection: 'sha256:0-24' is not a PCR selection like sha256:0-7");
  CHECK(boot_error(with(kBoot, "/policies/1/pcr_selection", "md5:0")) ==
        "boot.json: /policies/1/pcr_selection: 'md5:0' is not a PCR selection like sha256:0-7");
  CHECK(boot_error(with(kBoot, "/policies/0/expected_pcrs/sha256/9", kDigest)) ==
        "boot.json: /policies/0/expected_pcrs/sha256/9: sha256 PCR9 is not in pcr_selection 'sha256:0-7+sha1:0'");
  CHECK(boot_error(with(kBoot, "/policies/1/expected_pcrs",
                        OrderedJson::parse(R"({"sha256": {"1": ")" + kDigest + R"("}})"))) ==
        "boot.json: /policies/1/expected_pcrs/sha256/1: sha256 PCR1 is not in pcr_selection 'sha256:0,2,4'");
}

TEST_CASE("a model and firmware version has one boot policy across all files") {
  CHECK(boot_error(with(kBoot, "/policies/0/firmware_versions/1", "12")) ==
        "boot.json: /policies/0/firmware_versions/1: model 'PowerEdge R660' firmware '12' already has a boot policy "
        "at /policies/0/firmware_versions/0");
  GoldenDb db;
  REQUIRE(parse_boot_file(kBoot, "a.json", db).ok());
  CHECK(boot_error(kBoot, db) ==
        "boot.json: /policies/0/firmware_versions/0: model 'PowerEdge R660' firmware '12' "
        "already has a boot policy at a.json#/policies/0/firmware_versions/0");
}

TEST_CASE("load_golden_db reads boot/ when present and the shipped DB covers the TPM demo devices") {
  TempDir dir;
  dir.write("firmware/a.json", R"({"schema": "attest.firmware/v1", "vendor": "X", "models": [
      {"model": "DCS-7050SX3-48YC8", "profile": "arista-eos", "scheme": "arista-eos", "approved": []}]})");
  dir.write("credentials/defaults.json", R"({"schema": "attest.default-credentials/v1", "profiles": {}})");
  auto without_boot = load_golden_db(dir.path());
  REQUIRE_MESSAGE(without_boot.ok(), without_boot.error().message);
  CHECK(without_boot->boot.empty());
  dir.write("boot/b.json", with(kBoot, "/policies/0/secure_boot", "sometimes"));
  auto bad = load_golden_db(dir.path());
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message ==
        dir.path() + "/boot/b.json: /policies/0/secure_boot: must be \"required\" or \"optional\"");

  auto db = load_golden_db(attest::testing::source_path("firmware-db"));
  REQUIRE_MESSAGE(db.ok(), db.error().message);
  const BootPolicy* r660 = db->find_boot("PowerEdge R660", "12");
  REQUIRE(r660 != nullptr);
  CHECK(r660->secure_boot_required);
  CHECK(r660->expected_pcrs.at("sha256").at(0) == "bc5e80d9c554050423d7191efd9579dd2f50957639d26033ae7a2b21b3227d4a");
  CHECK(db->find_boot("DCS-7050SX3-48YC8", "4.30.1F") != nullptr);
  CHECK(db->find_boot("Accton-AS7326-56X", "202305.1-7995b757b") != nullptr);
  for (const auto& p : db->boot) CHECK(db->find_firmware(p.model) != nullptr);
}
