// junit.xml: the gate as a test run in CI. One <testsuite> per rack, because a
// rack is what an engineer works through and what `attest rack --rack R`
// checks; CI systems then show per-rack counts, and classname "<rack>.<device>"
// still groups a device's checks. Counts are computed from the testcases
// emitted, never copied from the report's summary.
#include <string>
#include <vector>

#include "attest/export/escape.hpp"
#include "attest/export/export.hpp"
#include "attest/export/report_fields.hpp"

namespace attest {
namespace {

using exports::json;
using exports::Status;
using exports::text;
using exports::xml_escape;

struct TestCase {
  std::string classname, name;
  Status status = Status::pass;
  std::string message, body;  // for anything but pass
};

struct Suite {
  std::string name;
  std::vector<TestCase> cases;
};

bool blocks(Status s) { return s == Status::fail || s == Status::error || s == Status::unknown; }

TestCase finding_case(const std::string& classname, const json& finding, const std::string& verdict) {
  TestCase c{classname, text(finding, "check"), exports::parse_status(exports::field(finding, "status")), {}, {}};
  if (c.name.empty()) c.name = "(unnamed check)";
  c.message = text(finding, "detail");
  if (c.status == Status::unknown) c.message = "unknown status '" + text(finding, "status") + "': " + c.message;
  // A waived failure is shown, not hidden: skipped, with the waiver's id.
  if (c.status == Status::waived) c.message = "waived by " + text(finding, "waiver") + ": " + c.message;
  c.body = c.message;
  if (const auto rule = text(finding, "rule"); !rule.empty()) c.body += "\nrule: " + rule;
  c.body += "\ndevice verdict: " + verdict;
  return c;
}

TestCase failing(const std::string& classname, const char* name, std::string message) {
  return TestCase{classname, name, Status::fail, message, message};
}

// Fail closed where the report contradicts itself: a device is never green
// without at least one passed check, and a blocked verdict always shows red.
void add_consistency_cases(const std::string& classname, const std::string& verdict, std::vector<TestCase>& cases,
                           std::size_t first) {
  bool any_pass = false, any_block = false;
  for (std::size_t i = first; i < cases.size(); ++i) {
    any_pass |= cases[i].status == Status::pass;
    any_block |= blocks(cases[i].status);
  }
  if (cases.size() == first) {
    cases.push_back(failing(classname, "evidence", "no evidence: the report lists no findings for this device"));
    any_block = true;
  } else if (!any_pass && !any_block) {
    cases.push_back(failing(classname, "evidence", "no check passed: a device is never pass without evidence"));
    any_block = true;
  }
  if (verdict != "pass" && !any_block)
    cases.push_back(failing(classname, "verdict", "verdict is '" + verdict + "' but no finding failed"));
}

void add_device_cases(const json& device, std::vector<TestCase>& cases) {
  std::string name = text(device, "name");
  if (name.empty()) name = "(unnamed device)";
  const std::string rack = text(device, "rack");
  const std::string classname = rack.empty() ? name : rack + "." + name;
  const std::string verdict = text(device, "verdict");
  const std::size_t first = cases.size();
  for (const auto& finding : exports::items(device, "findings")) cases.push_back(finding_case(classname, finding, verdict));
  add_consistency_cases(classname, verdict, cases, first);
}

Suite& suite_named(std::vector<Suite>& suites, const std::string& name) {
  for (auto& s : suites)
    if (s.name == name) return s;
  return suites.emplace_back(Suite{name, {}});
}

// Suites in the inventory's rack order, then racks only devices name.
std::vector<Suite> group_by_rack(const json& report) {
  std::vector<Suite> suites;
  for (const auto& r : exports::items(report, "racks")) suite_named(suites, text(r, "name"));
  for (const auto& d : exports::items(report, "devices")) add_device_cases(d, suite_named(suites, text(d, "rack")).cases);
  std::erase_if(suites, [](const Suite& s) { return s.cases.empty(); });
  for (auto& s : suites)
    if (s.name.empty()) s.name = "(no rack)";
  if (suites.empty())
    suites.push_back(Suite{"(no devices)", {failing("attest", "devices", "the report lists no devices")}});
  return suites;
}

struct Counts {
  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  void add(Status s) {
    ++tests;
    failures += s == Status::fail;
    errors += s == Status::error || s == Status::unknown;
    skipped += s == Status::skip || s == Status::waived;
  }
};

std::string count_attributes(const Counts& c) {
  return " tests=\"" + std::to_string(c.tests) + "\" failures=\"" + std::to_string(c.failures) + "\" errors=\"" +
         std::to_string(c.errors) + "\" skipped=\"" + std::to_string(c.skipped) + "\"";
}

std::string render_case(const TestCase& c) {
  std::string out = "    <testcase classname=\"" + xml_escape(c.classname) + "\" name=\"" + xml_escape(c.name) + "\"";
  const bool skipped = c.status == Status::skip || c.status == Status::waived;
  const char* element = c.status == Status::fail ? "failure"
                         : skipped                ? "skipped"
                         : blocks(c.status)       ? "error"
                                                  : nullptr;
  if (!element) return out + "/>\n";
  out += ">\n      <" + std::string(element) + " message=\"" + xml_escape(c.message) + "\"";
  out += skipped ? "/>\n" : ">" + xml_escape(c.body) + "</" + element + ">\n";
  return out + "    </testcase>\n";
}

std::string render_properties(const json& report) {
  std::string out = "    <properties>\n";
  for (const auto& [name, value] : exports::run_metadata(report))
    out += "      <property name=\"" + xml_escape(name) + "\" value=\"" + xml_escape(value) + "\"/>\n";
  return out + "    </properties>\n";
}

std::string render_suite(const Suite& suite, const std::string& properties, Counts& total) {
  Counts counts;
  std::string cases;
  for (const auto& c : suite.cases) {
    counts.add(c.status);
    total.add(c.status);
    cases += render_case(c);
  }
  return "  <testsuite name=\"" + xml_escape(suite.name) + "\"" + count_attributes(counts) + ">\n" + properties + cases +
         "  </testsuite>\n";
}

}  // namespace

std::string render_junit_xml(const nlohmann::ordered_json& report) {
  const std::string properties = render_properties(report);
  Counts total;
  std::string suites;
  for (const auto& s : group_by_rack(report)) suites += render_suite(s, properties, total);
  std::string site = text(report, "site");
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"attest " + xml_escape(site) + "\"" +
         count_attributes(total) + ">\n" + suites + "</testsuites>\n";
}

}  // namespace attest
