// junit.xml: the gate as a test run in CI. One <testsuite> per rack, because a
// rack is what an engineer works through and what `attest rack --rack R`
// checks; CI systems then show per-rack counts. Counts are computed from the
// testcases emitted, never copied from the report's summary.
//
// Names: Jenkins splits `classname` at its last dot into package and class
// (no dot: package "(root)"), so a classname "r01.sw1.ams.example.net" would
// show as class "net" of package "r01.sw1.ams.example". The device name is
// therefore never in classname: classname is "attest.<rack>" with the rack's
// dots made '_' (package "attest", class the rack), and name is
// "<device>: <check>", which no CI tool splits (GitLab shows both as given).
// Each testcase also carries the exact device, check and rack as properties.
//
// Times: a device's checks share its SSH/TPM session, so its whole time
// (evidence started -> finished) is the `time` of its first testcase and the
// others get 0; a suite's time is the sum of its testcases (what CI tools add
// up anyway), the root's the run's wall clock (devices run concurrently).
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "attest/util/clock.hpp"

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
  std::string device, check, rack;  // exact, as properties
  std::optional<std::int64_t> millis;  // the device's time, on its first testcase
};

struct Device {
  std::string name, rack, classname, verdict;
};

struct Suite {
  std::string name;
  std::vector<TestCase> cases;
};

bool blocks(Status s) { return s == Status::fail || s == Status::error || s == Status::unknown; }

// The rack as a Java-like class name: dots would split it into a package.
std::string classname_of(const std::string& rack) {
  std::string out = "attest.";
  for (char ch : rack.empty() ? std::string("(no rack)") : rack) out += ch == '.' ? '_' : ch;
  return out;
}

TestCase named_case(const Device& d, std::string check, Status status, std::string message) {
  TestCase c;
  c.classname = d.classname;
  c.name = d.name + ": " + check;
  c.status = status;
  c.message = c.body = std::move(message);
  c.device = d.name;
  c.check = std::move(check);
  c.rack = d.rack;
  return c;
}

TestCase finding_case(const Device& d, const json& finding) {
  std::string check = text(finding, "check");
  if (check.empty()) check = "(unnamed check)";
  const Status status = exports::parse_status(exports::field(finding, "status"));
  std::string message = text(finding, "detail");
  if (status == Status::unknown) message = "unknown status '" + text(finding, "status") + "': " + message;
  // A waived failure is shown, not hidden: skipped, with the waiver's id.
  if (status == Status::waived) message = "waived by " + text(finding, "waiver") + ": " + message;
  TestCase c = named_case(d, std::move(check), status, std::move(message));
  if (const auto rule = text(finding, "rule"); !rule.empty()) c.body += "\nrule: " + rule;
  c.body += "\ndevice: " + d.name + "\ndevice verdict: " + d.verdict;
  return c;
}

TestCase failing(const Device& d, const char* check, std::string message) {
  return named_case(d, check, Status::fail, std::move(message));
}

// finished - started of a report or a device's evidence; nothing when either
// is missing, not RFC 3339, or out of order.
std::optional<std::int64_t> elapsed_millis(const json& obj) {
  const auto started = parse_rfc3339_utc_millis(text(obj, "started"));
  const auto finished = parse_rfc3339_utc_millis(text(obj, "finished"));
  if (!started || !finished || *finished < *started) return std::nullopt;
  return *finished - *started;
}

// Fail closed where the report contradicts itself: a device is never green
// without at least one passed check, and a blocked verdict always shows red.
void add_consistency_cases(const Device& d, std::vector<TestCase>& cases, std::size_t first) {
  bool any_pass = false, any_block = false;
  for (std::size_t i = first; i < cases.size(); ++i) {
    any_pass |= cases[i].status == Status::pass;
    any_block |= blocks(cases[i].status);
  }
  if (cases.size() == first) {
    cases.push_back(failing(d, "evidence", "no evidence: the report lists no findings for this device"));
    any_block = true;
  } else if (!any_pass && !any_block) {
    cases.push_back(failing(d, "evidence", "no check passed: a device is never pass without evidence"));
    any_block = true;
  }
  if (d.verdict != "pass" && !any_block)
    cases.push_back(failing(d, "verdict", "verdict is '" + d.verdict + "' but no finding failed"));
}

void add_device_cases(const json& device, std::vector<TestCase>& cases) {
  Device d{text(device, "name"), text(device, "rack"), {}, text(device, "verdict")};
  if (d.name.empty()) d.name = "(unnamed device)";
  d.classname = classname_of(d.rack);
  const std::size_t first = cases.size();
  for (const auto& finding : exports::items(device, "findings")) cases.push_back(finding_case(d, finding));
  add_consistency_cases(d, cases, first);
  cases[first].millis = elapsed_millis(exports::field(device, "evidence"));
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
    suites.push_back(Suite{"(no devices)", {failing(Device{"attest", "", "attest", ""}, "devices",
                                                     "the report lists no devices")}});
  return suites;
}

struct Counts {
  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  std::int64_t millis = 0;
  void add(const TestCase& c) {
    const Status s = c.status;
    millis += c.millis.value_or(0);
    ++tests;
    failures += s == Status::fail;
    errors += s == Status::error || s == Status::unknown;
    skipped += s == Status::skip || s == Status::waived;
  }
};

// Seconds with three decimals, as JUnit's `time` is read by every CI tool.
std::string seconds(std::int64_t millis) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%03lld", static_cast<long long>(millis / 1000), static_cast<long long>(millis % 1000));
  return buf;
}

std::string count_attributes(const Counts& c, std::int64_t millis) {
  return " tests=\"" + std::to_string(c.tests) + "\" failures=\"" + std::to_string(c.failures) + "\" errors=\"" +
         std::to_string(c.errors) + "\" skipped=\"" + std::to_string(c.skipped) + "\" time=\"" + seconds(millis) + "\"";
}

std::string case_properties(const TestCase& c) {
  std::string out = "      <properties>\n";
  for (const auto& [name, value] : {std::pair{"device", &c.device}, {"check", &c.check}, {"rack", &c.rack}})
    out += std::string("        <property name=\"") + name + "\" value=\"" + xml_escape(*value) + "\"/>\n";
  return out + "      </properties>\n";
}

std::string render_case(const TestCase& c) {
  std::string out = "    <testcase classname=\"" + xml_escape(c.classname) + "\" name=\"" + xml_escape(c.name) +
                    "\" time=\"" + seconds(c.millis.value_or(0)) + "\">\n" + case_properties(c);
  const bool skipped = c.status == Status::skip || c.status == Status::waived;
  const char* element = c.status == Status::fail ? "failure"
                         : skipped                ? "skipped"
                         : blocks(c.status)       ? "error"
                                                  : nullptr;
  if (!element) return out + "    </testcase>\n";
  out += "      <" + std::string(element) + " message=\"" + xml_escape(c.message) + "\"";
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
    counts.add(c);
    total.add(c);
    cases += render_case(c);
  }
  return "  <testsuite name=\"" + xml_escape(suite.name) + "\"" + count_attributes(counts, counts.millis) + ">\n" +
         properties + cases +
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
         count_attributes(total, elapsed_millis(report).value_or(total.millis)) + ">\n" + suites + "</testsuites>\n";
}

}  // namespace attest
