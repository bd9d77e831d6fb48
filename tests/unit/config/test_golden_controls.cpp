#include <doctest/doctest.h>

#include <algorithm>

#include "attest/config/golden_loader.hpp"
#include "attest/core/finding.hpp"
#include "config_test_util.hpp"

using namespace attest;

namespace {

const std::string kChecks = R"("checks": {"reachability": [], "host-key": ["SOC2-CC6.1"], "ssh-posture": [], "service-posture": [],
  "identity": [], "default-credentials": ["PCI-DSS-4.0-2.2.2", "SOC2-CC6.1"], "retired-credentials": [],
  "firmware-version": [], "tpm-enrollment": [], "tpm-quote": [], "measured-boot": [],
  "management-acl": []})";

std::string controls_json(const std::string& controls, const std::string& checks = kChecks) {
  return R"({"schema": "attest.controls/v1", "controls": [)" + controls + "], " + checks + "}";
}

const std::string kTwo =
    R"({"id": "PCI-DSS-4.0-2.2.2", "framework": "PCI DSS v4.0", "ref": "2.2.2", "title": "defaults", "source": "PCI DSS v4.0 2.2.2"},
       {"id": "SOC2-CC6.1", "framework": "SOC 2", "ref": "CC6.1", "title": "logical access", "source": "TSC 2017 CC6.1"})";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  REQUIRE(text.find(from) != std::string::npos);
  return text.replace(text.find(from), from.size(), to);
}

std::string controls_error(const std::string& text, GoldenDb db = {}) {
  const Status status = parse_controls_file(text, "controls.json", db);
  if (status.ok()) return "accepted";
  CHECK(status.error().kind == ErrorKind::input);
  return status.error().message;
}

}  // namespace

TEST_CASE("a controls file maps each check to its controls, each with its source") {
  GoldenDb db;
  REQUIRE(parse_controls_file(controls_json(kTwo), "db/controls/controls.json", db).ok());
  CHECK(db.controls.file == "db/controls/controls.json");
  REQUIRE(db.controls.controls.size() == 2);
  CHECK(db.controls.controls[0].framework == "PCI DSS v4.0");
  CHECK(db.controls.controls[1].source == "TSC 2017 CC6.1");
  CHECK(db.controls.by_check.at("default-credentials") == std::vector<std::string>{"PCI-DSS-4.0-2.2.2", "SOC2-CC6.1"});
  CHECK(db.controls.by_check.at("reachability").empty());
}

TEST_CASE("a controls file refuses unknown controls and checks, duplicates, a missing source or check") {
  CHECK(controls_error(controls_json(kTwo, R"("checks": {"host-key": ["NIST-IA-3"]})")) ==
        "controls.json: /checks/reachability: required field is missing");
  const std::string unknown = replaced(kChecks, "[\"SOC2-CC6.1\"]", "[\"NIST-IA-3\"]");
  CHECK(controls_error(controls_json(kTwo, unknown)) == "controls.json: /checks/host-key/0: unknown control 'NIST-IA-3'");
  const std::string twice = replaced(kChecks, "[\"SOC2-CC6.1\"]", "[\"SOC2-CC6.1\", \"SOC2-CC6.1\"]");
  CHECK(controls_error(controls_json(kTwo, twice)) == "controls.json: /checks/host-key/1: control 'SOC2-CC6.1' listed twice");
  const std::string misspelt = replaced(kChecks, "\"tpm-quote\"", "\"tpm-qoute\"");
  CHECK(controls_error(controls_json(kTwo, misspelt)).find("tpm-qoute") != std::string::npos);
  const std::string no_source = replaced(kTwo, ", \"source\": \"TSC 2017 CC6.1\"", "");
  CHECK(controls_error(controls_json(no_source)) == "controls.json: /controls/1/source: required field is missing");
  const std::string dup = kTwo + R"(, {"id": "SOC2-CC6.1", "framework": "x", "ref": "y", "title": "z", "source": "s"})";
  CHECK(controls_error(controls_json(dup)) == "controls.json: /controls/2/id: control 'SOC2-CC6.1' is defined twice");
  CHECK(controls_error(R"({"schema": "attest.posture/v1", "controls": [], "checks": {}})").find("/schema") !=
        std::string::npos);
}

TEST_CASE("a second controls file is refused: one mapping per DB") {
  GoldenDb db;
  REQUIRE(parse_controls_file(controls_json(kTwo), "a.json", db).ok());
  CHECK(controls_error(controls_json(kTwo), db) == "controls.json: a second controls file (the first is a.json): keep the "
                                                   "mapping in one file");
}

TEST_CASE("the shipped DB maps every check but reachability, to controls with sources") {
  auto db = load_golden_db(attest::testing::source_path("firmware-db"));
  REQUIRE_MESSAGE(db.ok(), db.error().message);
  CHECK(db->controls.file.ends_with("controls/controls.json"));
  CHECK(db->controls.by_check.size() == std::size(attest::check::kAll));
  for (const auto& entry : db->controls.by_check) {
    const std::string& check = entry.first;  // not a structured binding: CAPTURE's lambda needs a variable (clang 14)
    CAPTURE(check);
    CHECK(entry.second.empty() == (check == "reachability"));
  }
  for (const auto& c : db->controls.controls) CHECK_FALSE(c.source.empty());
  const auto& defaults = db->controls.by_check.at("default-credentials");
  CHECK(std::find(defaults.begin(), defaults.end(), "PCI-DSS-4.0-2.2.2") != defaults.end());
}
