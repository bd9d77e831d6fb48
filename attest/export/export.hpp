// Renderers of a report.json (schema attest.report/v1) for people and pipelines.
// Pure functions: they read only the JSON they are given, never throw on a
// missing or mistyped field, and treat every string as attacker-controlled
// (a device chooses its own outputs, and a report may be hand-edited).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace attest {

// One self-contained HTML document: run summary, per-rack SVG elevations,
// device table, and per device its findings and the evidence behind them.
// No scripts, no external assets; a CSP meta forbids loading anything.
std::string render_report_html(const nlohmann::ordered_json& report);

// JUnit XML: one <testsuite> per rack, one <testcase> per device and check.
// A device without findings gets a failing testcase: never pass without evidence.
std::string render_junit_xml(const nlohmann::ordered_json& report);

}  // namespace attest
