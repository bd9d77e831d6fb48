// The table at the end of a run: columns as wide as the names, a summary line.
#include <doctest/doctest.h>

#include <sstream>

#include "attest/engine/report.hpp"
#include "attest/util/text.hpp"

using namespace attest;

namespace {

DeviceResult result(const std::string& name, const std::string& rack, int u, Verdict v, std::vector<Finding> findings = {}) {
  DeviceResult r;
  r.device.name = name, r.device.rack = rack, r.device.position_u = u, r.device.profile = "arista-eos";
  r.assessment.verdict = v;
  r.assessment.findings = std::move(findings);
  return r;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("the table's columns are as wide as the longest name in them") {
  RunReport report;
  report.devices = {result("sw1", "r01", 40, Verdict::pass, {Finding{"identity", CheckStatus::pass, "ok", ""}}),
                    result("srv-r01-rack-top-of-row-07", "r01", 3, Verdict::fail,
                           {Finding{"identity", CheckStatus::pass, "ok", ""},
                            Finding{"firmware-version", CheckStatus::error, "no policy", ""},
                            Finding{"default-credentials", CheckStatus::fail, "admin/admin logs in", ""}})};
  // A failure is read before an error.
  CHECK(render_table(report) ==
        "DEVICE                      RACK/U  PROFILE     VERDICT  REASON\n"
        "sw1                         r01/40  arista-eos  pass     all checks passed\n"
        "srv-r01-rack-top-of-row-07  r01/3   arista-eos  fail     default-credentials: admin/admin logs in\n"
        "2 devices: 1 pass, 1 blocked (1 fail, 0 error)\n");
}

TEST_CASE("a name beyond 64 code points is cut with an ellipsis, the columns stay aligned") {
  RunReport report;
  const std::string huge(100, 'n');
  report.devices = {result(huge, "r1", 1, Verdict::pass), result("b", "r1", 2, Verdict::pass)};
  const auto lines = lines_of(render_table(report));
  REQUIRE(lines.size() == 4);
  CHECK(lines[1].starts_with(std::string(63, 'n') + "…  r1/1"));
  CHECK(lines[2].starts_with("b" + std::string(63, ' ') + "  r1/2"));
}

TEST_CASE("the summary line counts pass, fail and error, in thousands, with the run's time") {
  RunReport report;
  for (int i = 0; i < 988; ++i) report.devices.push_back(result("p", "r", 1, Verdict::pass));
  for (int i = 0; i < 7; ++i) report.devices.push_back(result("f", "r", 1, Verdict::fail));
  for (int i = 0; i < 5; ++i) report.devices.push_back(result("e", "r", 1, Verdict::error));
  report.started = "2026-11-29T11:42:06.100Z";
  report.finished = "2026-11-29T11:42:08.900Z";
  CHECK(summary_line(report) == "1,000 devices: 988 pass, 12 blocked (7 fail, 5 error) in 2.8 s");
  CHECK(lines_of(render_table(report)).back() == summary_line(report));
  report.partial = true;
  CHECK(summary_line(report) == "1,000 devices: 988 pass, 12 blocked (7 fail, 5 error) in 2.8 s (partial: interrupted)");
}

TEST_CASE("one device that passed, and a report without timestamps") {
  RunReport report;
  report.devices = {result("a", "r", 1, Verdict::pass)};
  CHECK(summary_line(report) == "1 device: 1 pass, 0 blocked");
  report.started = "2026-11-29T11:42:06Z";
  report.finished = "garbage";
  CHECK(summary_line(report) == "1 device: 1 pass, 0 blocked");
}

TEST_CASE("the blocking reason is terminal-safe and capped") {
  DeviceAssessment a;
  a.findings = {Finding{"host-key", CheckStatus::fail, "key \x1b[31mchanged\x1b[0m " + std::string(200, 'x'), ""}};
  const std::string reason = blocking_reason(a, 40);
  CHECK(reason.find('\x1b') == std::string::npos);
  CHECK(reason.starts_with("host-key: key changed x"));
  CHECK(count_code_points(reason) == 40);
  CHECK(reason.ends_with("…"));
  CHECK(blocking_reason(DeviceAssessment{}, 40) == "all checks passed");
}

TEST_CASE("a long reason wraps under the reason column instead of being cut") {
  RunReport report;
  const std::string detail = "version 4.12.1 is blocked (SITE-SEC-2026-014): console-server web UI exposes "
                             "unauthenticated config backup; site security requires >= 4.13.0";
  report.devices = {result("con1", "r01", 42, Verdict::fail, {Finding{"firmware-version", CheckStatus::fail, detail, ""}})};
  const auto lines = lines_of(render_table(report, 80));
  // DEVICE(6) RACK/U(6) PROFILE(10) VERDICT(7), each + 2: the reason starts at column 37, 43 wide.
  REQUIRE(lines.size() == 6);
  CHECK(lines[1] == "con1    r01/42  arista-eos  fail     firmware-version: version 4.12.1 is blocked");  // 80 exactly
  CHECK(lines[2] == std::string(37, ' ') + "(SITE-SEC-2026-014): console-server web UI");
  CHECK(lines[4] == std::string(37, ' ') + "security requires >= 4.13.0");
  std::string rejoined;
  for (std::size_t i = 1; i < 5; ++i) rejoined += (i > 1 ? " " : "") + lines[i].substr(37);
  CHECK(rejoined == "firmware-version: " + detail);  // every word kept, in order
  for (const auto& line : lines) CHECK(count_code_points(line) <= 80);
  CHECK(lines[5] == summary_line(report));
}

TEST_CASE("without a width the table wraps at 120, and a narrow terminal still gets 30-column reasons") {
  RunReport report;
  report.devices = {result("sw1", "r01", 1, Verdict::fail,
                           {Finding{"identity", CheckStatus::fail, std::string(150, 'w') + " end", ""}})};
  for (const auto& line : lines_of(render_table(report))) CHECK(count_code_points(line) <= 120);
  const auto narrow = lines_of(render_table(report, 20));
  // The word does not fit after "identity:": it starts a line of its own, split at 30.
  REQUIRE(narrow.size() == 9);
  CHECK(narrow[1] == "sw1     r01/1   arista-eos  fail     identity:");
  CHECK(narrow[2] == std::string(37, ' ') + std::string(30, 'w'));
  CHECK(narrow[7] == std::string(37, ' ') + "end");
}

TEST_CASE("wrapping splits a word longer than a line, counts code points, and drops no text") {
  CHECK(wrap_text("", 10) == std::vector<std::string>{""});
  CHECK(wrap_text("abcdefghij", 5) == std::vector<std::string>{"abcde", "fghij"});
  CHECK(wrap_text("ab abcdefgh", 5) == std::vector<std::string>{"ab", "abcde", "fgh"});
  CHECK(wrap_text("\u00e9\u00e9\u00e9\u00e9 \u00e9\u00e9", 6) == std::vector<std::string>{"\u00e9\u00e9\u00e9\u00e9",
                                                                                           "\u00e9\u00e9"});
  CHECK(wrap_text("\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9", 3) ==
        std::vector<std::string>{"\u00e9\u00e9\u00e9", "\u00e9\u00e9\u00e9", "\u00e9"});
  CHECK(wrap_text("a  b", 10) == std::vector<std::string>{"a b"});
}

TEST_CASE("a 0U device's place reads rack/0U") {
  RunReport report;
  report.devices = {result("pdu-a", "r01", 0, Verdict::pass), result("sw1", "r01", 40, Verdict::pass)};
  report.devices[0].device.mount = Mount::zero_u;
  const auto lines = lines_of(render_table(report));
  REQUIRE(lines.size() >= 3);
  CHECK(lines[1].starts_with("pdu-a   r01/0U  arista-eos"));
  CHECK(lines[2].starts_with("sw1     r01/40  arista-eos"));
}
