#include <doctest/doctest.h>

#include "attest/export/escape.hpp"
#include "attest/export/export.hpp"
#include "markup_scan.hpp"
#include "sample_report.hpp"

using attest::render_junit_xml;
using sample::json;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The testcase element of `classname`/`name`, up to its end.
std::string testcase(const std::string& xml, const std::string& classname, const std::string& name) {
  const auto at = xml.find("<testcase classname=\"" + classname + "\" name=\"" + name + "\"");
  if (at == std::string::npos) return {};
  return xml.substr(at, xml.find("</testcase>", at) + 11 - at);
}

// junit.xml of a report holding one device sw1 in rack r01 with one finding.
std::string one_finding_junit(const char* verdict, const char* status) {
  json d = sample::device("sw1", verdict, "r01", 1, 1);
  d["findings"] = json::array({sample::finding("identity", status, "hmm")});
  return render_junit_xml(json{{"schema", "attest.report/v1"}, {"devices", {d}}});
}

}  // namespace

TEST_CASE("one testsuite per rack, with counts computed from its testcases") {
  const std::string xml = render_junit_xml(sample::sample_report());
  CHECK(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"attest demo-dc1\" tests=\"10\" "
                  "failures=\"3\" errors=\"1\" skipped=\"2\" time=\"5.000\">", 0) == 0);  // started -> finished
  CHECK(xml.find("<testsuite name=\"r01\" tests=\"7\" failures=\"2\" errors=\"0\" skipped=\"1\" time=\"0.000\">") !=
        std::string::npos);
  CHECK(xml.find("<testsuite name=\"r02\" tests=\"3\" failures=\"1\" errors=\"1\" skipped=\"1\" time=\"0.000\">") !=
        std::string::npos);
  CHECK(count(xml, "<testsuite ") == 2);
  CHECK(count(xml, "<testcase ") == 10);
}

TEST_CASE("a passed check is a testcase \"device: check\" of classname attest.<rack>, with exact properties") {
  CHECK(testcase(render_junit_xml(sample::sample_report()), "attest.r01", "sw-ok: host-key") ==
        "<testcase classname=\"attest.r01\" name=\"sw-ok: host-key\" time=\"0.000\">\n      <properties>\n"
        "        <property name=\"device\" value=\"sw-ok\"/>\n        <property name=\"check\" value=\"host-key\"/>\n"
        "        <property name=\"rack\" value=\"r01\"/>\n      </properties>\n    </testcase>");
}

TEST_CASE("dotted device and rack names stay whole where CI tools show them; classname has no dot past attest.") {
  json d = sample::device("sw1.ams.example.net", "fail", "dc1.r01", 1, 1);
  d["findings"] = json::array({sample::finding("host-key", "fail", "mismatch")});
  d["evidence"]["started"] = "2026-11-29T12:00:00.250Z";
  d["evidence"]["finished"] = "2026-11-29T12:00:02.000Z";
  const std::string xml = render_junit_xml(json{{"schema", "attest.report/v1"}, {"devices", {d}}});
  const std::string tc = testcase(xml, "attest.dc1_r01", "sw1.ams.example.net: host-key");
  CHECK(tc.find("time=\"1.750\"") != std::string::npos);
  CHECK(tc.find("<property name=\"device\" value=\"sw1.ams.example.net\"/>") != std::string::npos);
  CHECK(tc.find("<property name=\"rack\" value=\"dc1.r01\"/>") != std::string::npos);
  CHECK(tc.find("device: sw1.ams.example.net&#10;device verdict: fail</failure>") != std::string::npos);
  CHECK(xml.find("<testsuite name=\"dc1.r01\" tests=\"1\" failures=\"1\" errors=\"0\" skipped=\"0\" time=\"1.750\">") !=
        std::string::npos);
  CHECK(xml.find("<testsuites name=\"attest \" tests=\"1\" failures=\"1\" errors=\"0\" skipped=\"0\" time=\"1.750\">") !=
        std::string::npos);  // no run times: the sum of the devices'
}

TEST_CASE("a device's time is on its first testcase only, and a bad time is no time") {
  json d = sample::device("sw1", "pass", "r01", 1, 1);
  d["findings"] = json::array({sample::finding("host-key", "pass", "ok"), sample::finding("identity", "pass", "ok")});
  d["evidence"]["started"] = "2026-11-29T12:00:00.000Z";
  d["evidence"]["finished"] = "2026-11-29T12:01:01.500Z";
  json backwards = d;
  backwards["name"] = "sw2";
  backwards["evidence"]["finished"] = "2026-11-29T11:00:00.000Z";
  const std::string xml = render_junit_xml(json{{"devices", {d, backwards}}});
  CHECK(testcase(xml, "attest.r01", "sw1: host-key").find("time=\"61.500\"") != std::string::npos);
  CHECK(testcase(xml, "attest.r01", "sw1: identity").find("time=\"0.000\"") != std::string::npos);
  CHECK(testcase(xml, "attest.r01", "sw2: host-key").find("time=\"0.000\"") != std::string::npos);
  CHECK(xml.find("<testsuite name=\"r01\" tests=\"4\" failures=\"0\" errors=\"0\" skipped=\"0\" time=\"61.500\">") !=
        std::string::npos);
}

TEST_CASE("fail, error and skip carry the finding's detail") {
  const std::string xml = render_junit_xml(sample::sample_report());
  const std::string fail = testcase(xml, "attest.r01", "sw-bad: default-credentials");
  CHECK(fail.find("<failure message=\"factory default logs in: admin\">factory default logs in: admin") !=
        std::string::npos);
  CHECK(fail.find("device: sw-bad&#10;device verdict: fail</failure>") != std::string::npos);
  CHECK(testcase(xml, "attest.r02", "pdu-down: reachability").find("<error message=\"connection refused\">") !=
        std::string::npos);
  CHECK(testcase(xml, "attest.r02", "pdu-down: identity").find("<skipped message=\"not reachable\"/>") != std::string::npos);
}

TEST_CASE("a device without findings fails for lack of evidence") {
  const std::string tc = testcase(render_junit_xml(sample::sample_report()), "attest.r02", "srv-empty: evidence");
  CHECK(tc.find("<failure message=\"no evidence: the report lists no findings for this device\">") !=
        std::string::npos);
}

TEST_CASE("a device whose every check was skipped is not green") {
  CHECK(testcase(one_finding_junit("pass", "skip"), "attest.r01", "sw1: evidence").find("<failure message=\"no check passed") !=
        std::string::npos);
}

TEST_CASE("a blocked verdict without a failing finding still shows as a failure") {
  const std::string xml = one_finding_junit("error", "pass");
  CHECK(testcase(xml, "attest.r01", "sw1: verdict").find("<failure message=\"verdict is &#39;error&#39; but no finding") !=
        std::string::npos);
  CHECK(xml.find("tests=\"2\" failures=\"1\"") != std::string::npos);
}

TEST_CASE("a finding status outside the vocabulary counts as an error") {
  const std::string xml = one_finding_junit("fail", "maybe");
  CHECK(testcase(xml, "attest.r01", "sw1: identity").find("<error message=\"unknown status &#39;maybe&#39;: hmm\">") !=
        std::string::npos);
  CHECK(xml.find("tests=\"1\" failures=\"0\" errors=\"1\"") != std::string::npos);
}

TEST_CASE("hostile strings stay text: no element, attribute or character XML 1.0 forbids") {
  const std::string xml = render_junit_xml(sample::sample_report());
  const auto problem = markup::check(
      markup::scan(xml), {"testsuites", "testsuite", "properties", "property", "testcase", "failure", "error", "skipped"},
      {"name", "tests", "failures", "errors", "skipped", "classname", "message", "value", "time"}, {});
  CHECK(problem == "");
  CHECK(attest::exports::clean_text(xml, attest::exports::Unsafe::drop) == xml);  // valid UTF-8, allowed chars only
  CHECK(xml.find("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;]]&gt;[31m") !=
        std::string::npos);
  CHECK(xml.find("<script") == std::string::npos);
}

TEST_CASE("run metadata become properties, including fields this renderer does not know") {
  const std::string xml = render_junit_xml(sample::sample_report());
  CHECK(xml.find("<property name=\"operator\" value=\"alice\"/>") != std::string::npos);
  CHECK(xml.find("<property name=\"inventory.sha256\" value=\"inv-digest\"/>") != std::string::npos);
  CHECK(xml.find("<property name=\"warnings\" value=\"golden DB is unsigned&#10;second warning\"/>") != std::string::npos);
  CHECK(xml.find("name=\"devices\"") == std::string::npos);
}

TEST_CASE("a report missing its fields still renders, and nothing in it passes") {
  const std::string none = render_junit_xml(json::object());
  CHECK(none.find("<failure message=\"the report lists no devices\">") != std::string::npos);
  CHECK(render_junit_xml(json("not a report")).find("tests=\"1\" failures=\"1\"") != std::string::npos);
  const std::string junk = render_junit_xml(json{{"devices", {42, nullptr, json::object()}}, {"racks", "r01"}});
  CHECK(count(junk, "<testcase classname=\"attest.(no rack)\" name=\"(unnamed device): evidence\"") == 3);
  CHECK(junk.find("<testsuite name=\"(no rack)\" tests=\"3\" failures=\"3\"") != std::string::npos);
}
