// The top of report.html: the verdict banner, then the blocked devices with
// their reasons. What the engineer and the auditor read first is the answer;
// metadata and evidence follow further down.
#include <algorithm>

#include "attest/export/escape.hpp"
#include "attest/export/html_parts.hpp"

namespace attest::exports::html {
namespace {

std::size_t blocked_count(const json& devices) {
  return static_cast<std::size_t>(std::count_if(devices.begin(), devices.end(), device_blocked));
}

std::string headline(const json& report, std::size_t blocked, std::size_t total) {
  const std::string of = std::to_string(total) + (total == 1 ? " device" : " devices");
  if (total == 0) return "BLOCKED: the report lists no devices";
  if (blocked > 0) return "BLOCKED: " + std::to_string(blocked) + " of " + of;
  // A partial run with nothing blocked is a contradiction (interrupted devices
  // are errors): never call it clear.
  if (field(report, "partial") == json(true)) return "PARTIAL: " + of + " finished, the run was interrupted";
  return "ALL CLEAR: " + of + " passed";
}

// What weakens the verdict, each said in words an auditor can act on.
std::vector<std::string> caveats(const json& report) {
  std::vector<std::string> out;
  if (field(report, "partial") == json(true))
    out.emplace_back("PARTIAL: the run was interrupted; devices it did not finish are blocked as interrupted.");
  if (field(field(report, "golden_db"), "signed") != json(true))
    out.emplace_back("UNVERIFIED GOLDEN DB: the run did not check the golden DB's signature "
                     "(--allow-unsigned-db); this report is not evidence and `attest gate` refuses it.");
  if (!field(report, "signature").is_object())
    out.emplace_back("UNSIGNED REPORT: the run wrote no report.json.sig (no --sign-key).");
  return out;
}

std::string banner_class(const json& report, std::size_t blocked, std::size_t total) {
  if (total == 0 || blocked > 0) return "blocked";
  if (field(report, "partial") == json(true) || field(field(report, "golden_db"), "signed") != json(true))
    return "caveat";
  return "clear";
}

// Each blocking finding on its own line: its status, check and detail; a
// device blocked without one says why (no evidence, a verdict that disagrees).
std::string blocking_lines(const json& device) {
  const auto blocking = blocking_findings(device);
  if (blocking.empty()) return "<div class=\"why\">" + html_escape(device_reason(device)) + "</div>";
  std::string out;
  for (const json* f : blocking)
    out += "<div class=\"why\">" + status_badge(field(*f, "status")) + " <b>" + html_escape(text(*f, "check")) +
           "</b>: " + html_escape(text(*f, "detail")) + "</div>";
  return out;
}

std::string blocked_row(const json& device, std::size_t index) {
  return "<tr><td class=\"name\">" + device_link(device, index) + "</td><td class=\"num\">" +
         html_escape(text(device, "rack") + " / " + units(device)) + "</td><td class=\"verdict\">" +
         status_badge(field(device, "verdict")) + "</td><td class=\"reasons\">" + blocking_lines(device) +
         "</td></tr>\n";
}

}  // namespace

std::string verdict_banner(const json& report) {
  const json& devices = items(report, "devices");
  const std::size_t blocked = blocked_count(devices);
  std::string out = "<div id=\"verdict\" class=\"banner b-" + banner_class(report, blocked, devices.size()) +
                    "\" role=\"status\">\n<p class=\"headline\">" +
                    html_escape(headline(report, blocked, devices.size())) + "</p>\n";
  for (const auto& c : caveats(report)) out += "<p class=\"caveat\">" + html_escape(c) + "</p>\n";
  return out + "</div>\n";
}

std::string blocked_section(const json& report) {
  const json& devices = items(report, "devices");
  const std::size_t blocked = blocked_count(devices);
  std::string out = "<section id=\"blocked\">\n<h2>Blocked devices (" + std::to_string(blocked) + " of " +
                    std::to_string(devices.size()) + ")</h2>\n";
  if (blocked == 0) return out + "<p class=\"none\">no device is blocked</p>\n</section>\n";
  out += "<table id=\"blocked-table\">\n<tr><th>device</th><th>rack / U</th><th>verdict</th>"
         "<th>what blocks it</th></tr>\n";
  for (std::size_t i = 0; i < devices.size(); ++i)
    if (device_blocked(devices[i])) out += blocked_row(devices[i], i);
  return out + "</table>\n</section>\n";
}

}  // namespace attest::exports::html
