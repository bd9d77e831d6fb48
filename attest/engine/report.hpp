// report.json (schema attest.report/v1) and the readable table.
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

// report.json's text, as written and signed. Never throws: evidence is valid
// UTF-8 already (sanitize_evidence), and any invalid byte that slipped past
// becomes U+FFFD here instead of an exception.
std::string report_text(const nlohmann::ordered_json& report);

// One line per device: name, rack/U, profile, verdict, and the first
// finding that blocked it. Plain text, fits 120 columns; device-controlled
// text is stripped of escape sequences, controls and bidi overrides.
std::string render_table(const RunReport& report);

}  // namespace attest
