// report.json (schema attest.report/v1) and the readable table.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "attest/engine/run.hpp"

namespace attest {

inline constexpr const char* kReportSchema = "attest.report/v1";

// The whole report, with the evidence behind every finding: host key, the
// commands run with digests and capped copies of their outputs, the auth
// attempts (never a secret), parsed facts, timestamps.
nlohmann::ordered_json report_to_json(const RunReport& report);

// One line per device: name, rack/U, profile, verdict, and the first
// finding that blocked it. Plain text, fits 120 columns.
std::string render_table(const RunReport& report);

}  // namespace attest
