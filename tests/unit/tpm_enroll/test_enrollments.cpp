#include <doctest/doctest.h>

#include <functional>

#include <nlohmann/json.hpp>

#include "attest/tpm/enroll/enrollments.hpp"
#include "attest/util/files.hpp"

namespace attest::tpm {
namespace {

const std::string kFixture = std::string(ATTEST_SOURCE_DIR) + "/tests/fixtures/tpm/enroll/enrollments.json";

nlohmann::json fixture_json() { return nlohmann::json::parse(*read_file(kFixture)); }

// The error message of parsing the fixture after `edit`.
std::string error_after(const std::function<void(nlohmann::json&)>& edit) {
  nlohmann::json doc = fixture_json();
  edit(doc);
  auto parsed = parse_enrollments(doc.dump(), "enrollments.json");
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().kind == ErrorKind::input);
  return parsed.error().message;
}

}  // namespace

TEST_CASE("the enrollment fixture loads with its real swtpm EK and AK") {
  auto e = load_enrollments(kFixture);
  REQUIRE_MESSAGE(e.ok(), (e.ok() ? "" : e.error().message));
  CHECK(e->site == "lab");
  REQUIRE(e->devices.count("srv-01") == 1);
  const EnrollmentRecord& r = e->devices.at("srv-01");
  CHECK(r.serial == "SN-0001");
  CHECK(r.ak_name.size() == 34);
  CHECK(r.ek_public.size() == 316);
}

TEST_CASE("enrollments round-trip through JSON byte for byte, sorted") {
  auto e = load_enrollments(kFixture);
  REQUIRE(e.ok());
  EnrollmentRecord copy = e->devices.at("srv-01");
  copy.serial = "SN-0000";
  copy.tolerated = {"unhandled critical extension 2.23.133.99.1 in 'CN=x'"};
  record_enrollment(*e, "a-first", copy);
  const std::string text = enrollments_to_json(*e);
  CHECK(text.find("\"a-first\"") < text.find("\"srv-01\""));
  auto again = parse_enrollments(text, "round-trip");
  REQUIRE_MESSAGE(again.ok(), (again.ok() ? "" : again.error().message));
  CHECK(enrollments_to_json(*again) == text);
  CHECK(again->devices.at("a-first").tolerated == copy.tolerated);
}

TEST_CASE("re-enrolling a device replaces its record") {
  Enrollments e;
  EnrollmentRecord rec;
  rec.serial = "A";
  record_enrollment(e, "sw1", rec);
  rec.serial = "B";
  record_enrollment(e, "sw1", rec);
  CHECK(e.devices.size() == 1);
  CHECK(e.devices.at("sw1").serial == "B");
}

TEST_CASE("an unknown field is refused with its JSON pointer") {
  CHECK(error_after([](auto& d) { d["devices"]["srv-01"]["colour"] = "red"; })
            .rfind("enrollments.json: /devices/srv-01/colour: unknown field", 0) == 0);
}

TEST_CASE("validation errors point at the field") {
  CHECK(error_after([](auto& d) { d["schema"] = "attest.enrollments/v2"; }).find("/schema") != std::string::npos);
  CHECK(error_after([](auto& d) { d["devices"]["srv-01"]["ak_public"] = "not base64!"; })
            .find("/devices/srv-01/ak_public: ") != std::string::npos);
  CHECK(error_after([](auto& d) { d["devices"]["srv-01"]["ek_public"] = "AA*="; })
            .find("/devices/srv-01/ek_public: ") != std::string::npos);
  CHECK(error_after([](auto& d) { d["devices"]["srv-01"]["ek_certificate_sha256"] = "ABC"; })
            .find("/devices/srv-01/ek_certificate_sha256") != std::string::npos);
  CHECK(error_after([](auto& d) { d["devices"]["srv-01"]["reset_count"] = -1; })
            .find("/devices/srv-01/reset_count") != std::string::npos);
  CHECK(error_after([](auto& d) { d["devices"]["srv-01"]["enrolled_at"] = "yesterday"; })
            .find("/devices/srv-01/enrolled_at") != std::string::npos);
  CHECK(error_after([](auto& d) { d["devices"]["srv-01"].erase("serial"); })
            .find("/devices/srv-01/serial") != std::string::npos);
}

TEST_CASE("an ak_name that is not the name of ak_public is refused") {
  const std::string msg = error_after([](auto& d) {
    std::string name = d["devices"]["srv-01"]["ak_name"];
    name[10] = name[10] == '0' ? '1' : '0';
    d["devices"]["srv-01"]["ak_name"] = name;
  });
  CHECK(msg.find("/devices/srv-01/ak_name: is not the name of ak_public") != std::string::npos);
}

TEST_CASE("a missing enrollments file is an I/O error") {
  CHECK(load_enrollments("/nonexistent/enrollments.json").error().kind == ErrorKind::io);
}

}  // namespace attest::tpm
