// Compliance controls in report.html: the controls each finding is evidence
// for (from the report's `controls`, the golden DB's mapping), and a summary
// per control of the devices that pass or fail it.
#include <algorithm>

#include "attest/export/escape.hpp"
#include "attest/export/html_parts.hpp"

namespace attest::exports::html {
namespace {

// "PCI DSS v4.0 2.2.2", the words an auditor looks up.
std::string label_of(const json& control) { return text(control, "framework") + " " + text(control, "ref"); }

const json* control_named(const json& report, const std::string& id) {
  for (const auto& c : items(field(report, "controls"), "controls"))
    if (text(c, "id") == id) return &c;
  return nullptr;
}

enum class Outcome { untested, pass, fail };

// A device passes a control when a check mapped to it passed and none failed,
// errored or is not understood; only skips (or no such finding) is untested.
Outcome device_outcome(const json& device, const std::vector<std::string>& checks) {
  Outcome out = Outcome::untested;
  for (const auto& f : items(device, "findings")) {
    if (std::find(checks.begin(), checks.end(), text(f, "check")) == checks.end()) continue;
    const Status s = parse_status(field(f, "status"));
    if (s == Status::pass) out = Outcome::pass;
    if (s == Status::fail || s == Status::error || s == Status::unknown) return Outcome::fail;
  }
  return out;
}

std::vector<std::string> checks_of(const json& report, const std::string& id) {
  std::vector<std::string> out;
  const json& checks = field(field(report, "controls"), "checks");
  if (!checks.is_object()) return out;
  for (const auto& [check, ids] : checks.items())
    if (ids.is_array() && std::find(ids.begin(), ids.end(), json(id)) != ids.end()) out.push_back(check);
  return out;
}

std::string count_cell(std::size_t n, const char* cls) {
  return std::string("<td class=\"num ") + cls + "\">" + std::to_string(n) + "</td>";
}

std::string control_row(const json& report, const json& control) {
  const auto checks = checks_of(report, text(control, "id"));
  std::size_t counts[3] = {0, 0, 0};
  for (const auto& d : items(report, "devices")) ++counts[static_cast<int>(device_outcome(d, checks))];
  std::string check_list;
  for (const auto& c : checks) check_list += (check_list.empty() ? "" : ", ") + c;
  return "<tr><td>" + html_escape(label_of(control)) + "</td><td>" + html_escape(text(control, "title")) +
         "</td><td>" + html_escape(text(control, "source")) + "</td><td>" +
         html_escape(check_list.empty() ? "(no check)" : check_list) + "</td>" + count_cell(counts[1], "c-pass") +
         count_cell(counts[2], "c-fail") + count_cell(counts[0], "c-untested") + "</tr>\n";
}

}  // namespace

std::string finding_controls(const json& report, const std::string& check) {
  std::string out;
  for (const auto& id : items(field(field(report, "controls"), "checks"), check.c_str())) {
    const json* c = control_named(report, text_of(id));
    const std::string label = c ? label_of(*c) : text_of(id) + " (not defined)";
    const std::string title = c ? text(*c, "title") + " \u2014 " + text(*c, "source") : "";
    out += "<span class=\"ctl\" title=\"" + html_escape(title) + "\">" + html_escape(label) + "</span>";
  }
  return out;
}

std::string controls_section(const json& report) {
  std::string out = "<section id=\"controls\">\n<h2>Controls</h2>\n";
  const json& controls = items(field(report, "controls"), "controls");
  if (controls.empty())
    return out + "<p class=\"none\">the report maps no checks to controls (its golden DB has no controls file)</p>\n"
                 "</section>\n";
  out += "<p class=\"meta\">Per control, the devices whose checks for it passed, failed (or erred), or were not "
         "tested (skipped or not run). Mapping: " + html_escape(text(field(report, "controls"), "file")) + "</p>\n";
  out += "<table id=\"control-table\">\n<tr><th>control</th><th>title</th><th>source</th><th>checks</th>"
         "<th>devices passing</th><th>devices failing</th><th>not tested</th></tr>\n";
  for (const auto& c : controls) out += control_row(report, c);
  return out + "</table>\n</section>\n";
}

}  // namespace attest::exports::html
