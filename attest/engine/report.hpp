// report.json (schema attest.report/v1) and the readable table (report_table.cpp).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "attest/engine/run.hpp"

namespace attest {

inline constexpr const char* kReportSchema = "attest.report/v1";

// The whole report, with the evidence behind every finding: host key, the
// commands run with digests and capped copies of their outputs, the auth
// attempts (never a secret), parsed facts, timestamps.
nlohmann::ordered_json report_to_json(const RunReport& report);

// A finding's rule as the report names it: DB rules by the file's name in the
// signed manifest ("firmware/arista.json#/models/0"), not by where this
// machine keeps the DB (`db_dir`). Other rules unchanged.
std::string db_relative_rule(const std::string& rule, const std::string& db_dir);

// report.json's text, as written and signed. Never throws: evidence is valid
// UTF-8 already (sanitize_evidence), and any invalid byte that slipped past
// becomes U+FFFD here instead of an exception.
std::string report_text(const nlohmann::ordered_json& report);

inline constexpr std::size_t kDefaultTableWidth = 120;  // when stdout is not a terminal

// One row per device: name, rack/U, profile, verdict, and the first finding
// that blocked it, in columns as wide as the longest name (at most 64 code
// points, cut with "…"), then the summary line. The reason is never cut: it
// wraps at spaces (a longer word is split) to fit `width` columns, its
// continuation lines indented under the reason column; a terminal narrower
// than the other columns still gets reason lines of 30. Device-controlled
// text is stripped of escape sequences, controls and bidi overrides.
std::string render_table(const RunReport& report, std::size_t width = kDefaultTableWidth);

// `clean` text in lines of at most `width` code points, broken at spaces;
// a word longer than `width` is split. Never an empty result.
std::vector<std::string> wrap_text(std::string_view clean, std::size_t width);

// "1,000 devices: 988 pass, 12 blocked (7 fail, 5 error) in 2.8 s", the time
// from the report's started/finished, "(partial: interrupted)" after a cancel.
std::string summary_line(const RunReport& report);

// What an engineer should read first about a device: its first failed
// finding, else its first error, as "check: detail" (terminal-safe, at most
// `max_code_points`); "all checks passed" when nothing blocked it.
std::string blocking_reason(const DeviceAssessment& assessment, std::size_t max_code_points);

}  // namespace attest
