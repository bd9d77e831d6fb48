// The device table (one row per device) and the per-device blocks: findings,
// each linked to the evidence it rests on, then that evidence.
#include <algorithm>
#include <cstdint>
#include <limits>

#include "attest/export/escape.hpp"
#include "attest/export/html_parts.hpp"

namespace attest::exports::html {
namespace {

bool any_passed(const json& device) {
  const json& findings = items(device, "findings");
  return std::any_of(findings.begin(), findings.end(),
                     [](const json& f) { return parse_status(field(f, "status")) == Status::pass; });
}

bool blocks(const json& finding) {
  const Status s = parse_status(field(finding, "status"));
  return s == Status::fail || s == Status::error || s == Status::unknown;
}

std::string address(const json& device) {
  const std::string port = text(device, "port");
  return text(device, "address") + (port.empty() ? "" : ":" + port);
}

std::string cell(const std::string& raw) { return "<td>" + html_escape(raw) + "</td>"; }

std::string table_row(const json& device, std::size_t index) {
  return "<tr><td class=\"name\">" + device_link(device, index) + "</td>" +
         "<td class=\"num\">" + html_escape(text(device, "rack")) + "</td><td class=\"num\">" +
         html_escape(units(device)) + "</td>" + cell(text(device, "role")) + cell(text(device, "profile")) +
         "<td class=\"mono\">" + html_escape(address(device)) + "</td><td class=\"verdict\">" +
         status_badge(field(device, "verdict")) + "</td><td class=\"reason\">" + html_escape(device_reason(device)) +
         "</td></tr>\n";
}

std::string finding_row(const json& finding, const std::string& anchor, const json& report) {
  const std::string check = text(finding, "check");
  std::string detail = text(finding, "detail");
  if (parse_status(field(finding, "status")) == Status::waived) detail = "waived by " + text(finding, "waiver") + ": " + detail;
  return "<tr>" + cell(check) + "<td>" + status_badge(field(finding, "status")) + "</td>" + cell(detail) +
         cell(text(finding, "rule")) + "<td class=\"controls\">" + finding_controls(report, check) + "</td><td><a href=\"#" +
         anchor + "-" + evidence_section_for(check) + "\">evidence</a></td></tr>\n";
}

std::string findings_table(const json& device, const std::string& anchor, const json& report) {
  const json& findings = items(device, "findings");
  if (findings.empty())
    return "<p class=\"none\">No findings: the report holds no evidence for this device, so it is not passed.</p>\n";
  std::string out = "<table class=\"findings\">\n<tr><th>check</th><th>status</th><th>detail</th><th>golden rule</th>"
                    "<th>controls</th><th></th></tr>\n";
  for (const auto& f : findings) out += finding_row(f, anchor, report);
  return out + "</table>\n";
}

std::string device_meta(const json& device) {
  const json& expected = field(device, "expected");
  std::string out = "rack " + text(device, "rack") + " \u00b7 U " + units(device) + " \u00b7 " + text(device, "role") +
                    " \u00b7 profile " + text(device, "profile") + " \u00b7 " + address(device);
  if (expected.is_object()) out += " \u00b7 expected model " + text(expected, "model") + ", serial " + text(expected, "serial");
  return "<p class=\"meta\">" + html_escape(out) + "</p>\n";
}

std::string device_section(const json& device, std::size_t index, const json& report) {
  const std::string anchor = device_anchor(index);
  const char* cls = status_name(parse_status(field(device, "verdict")));
  return "<section class=\"device v-" + std::string(cls) + "\" id=\"" + anchor + "\">\n<h3>" +
         status_badge(field(device, "verdict")) + " " + html_escape(text(device, "name")) + "</h3>\n" +
         device_meta(device) + findings_table(device, anchor, report) + evidence_html(device, anchor) + "</section>\n";
}

}  // namespace

std::vector<const json*> blocking_findings(const json& device) {
  std::vector<const json*> out;
  for (Status wanted : {Status::fail, Status::error, Status::unknown})
    for (const auto& f : items(device, "findings"))
      if (parse_status(field(f, "status")) == wanted) out.push_back(&f);
  return out;
}

// Never "all checks passed" unless a check passed and the verdict is pass: the
// same contradictions junit.xml fails on (a hand-edited or inconsistent report).
std::string device_reason(const json& device) {
  if (const auto blocking = blocking_findings(device); !blocking.empty())
    return text(*blocking.front(), "check") + ": " + text(*blocking.front(), "detail");
  if (items(device, "findings").empty()) return "no findings: no evidence";
  if (!any_passed(device)) return "no check passed: no evidence";
  if (parse_status(field(device, "verdict")) != Status::pass) return "verdict is not pass, but no finding failed";
  return "all checks passed";
}

bool device_blocked(const json& device) {
  const json& findings = items(device, "findings");
  return parse_status(field(device, "verdict")) != Status::pass || !any_passed(device) ||
         std::any_of(findings.begin(), findings.end(), blocks);
}

std::string units(const json& device) {
  if (text(device, "mount") == "0u") return "0U";
  const auto low = integer(device, "position_u");
  if (!low) return text(device, "position_u");
  const auto height = integer(device, "height_u").value_or(1);
  // A hand-edited position near INT64_MAX must not overflow into the top unit.
  if (height <= 1 || *low > std::numeric_limits<std::int64_t>::max() - (height - 1)) return std::to_string(*low);
  return std::to_string(*low) + "-" + std::to_string(*low + height - 1);
}

std::string device_link(const json& device, std::size_t index) {
  const std::string name = html_escape(text(device, "name"));
  return "<a href=\"#" + device_anchor(index) + "\" title=\"" + name + "\">" + name + "</a>";
}

std::string device_table(const json& report) {
  const json& devices = items(report, "devices");
  std::string out = "<section id=\"devices\">\n<h2>All devices</h2>\n";
  if (devices.empty()) return out + "<p class=\"none\">the report lists no devices</p>\n</section>\n";
  out += "<table id=\"device-table\">\n<tr><th>device</th><th>rack</th><th>U</th><th>role</th><th>profile</th>"
         "<th>address</th><th>verdict</th><th>reason</th></tr>\n";
  for (std::size_t i = 0; i < devices.size(); ++i) out += table_row(devices[i], i);
  return out + "</table>\n</section>\n";
}

std::string device_sections(const json& report) {
  const json& devices = items(report, "devices");
  std::string out = "<section id=\"details\">\n<h2>Findings and evidence per device</h2>\n";
  for (std::size_t i = 0; i < devices.size(); ++i) out += device_section(devices[i], i, report);
  return out + "</section>\n";
}

}  // namespace attest::exports::html
