// The pieces of report.html, each a pure function of the report JSON that
// returns escaped markup. Internal to attest/export.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "attest/export/report_fields.hpp"

namespace attest::exports::html {

// Element ids are made from array positions, never from report strings, so a
// hostile device name can neither break an attribute nor collide with an id.
std::string device_anchor(std::size_t index);

// <span class="st st-fail">fail</span>: the class comes from the closed Status
// vocabulary; the word shown is the report's own (escaped), so an unknown
// verdict is visible as what it is, marked "(not recognised)".
std::string status_badge(const json& value);

// A two-column table of (name, value) rows, both escaped; `empty` when there are none.
std::string key_value_table(const Rows& rows, std::string_view empty);

// Run metadata and counts (top of the page).
std::string summary_section(const json& report);

// One inline SVG elevation per rack, devices linked to their sections.
std::string rack_elevations(const json& report);

// One row per device: verdict and the first blocking finding.
std::string device_table(const json& report);

// One block per device: findings, then the evidence behind them.
std::string device_sections(const json& report);

// The evidence of one device; section ids are `anchor` + "-" + a fixed suffix.
std::string evidence_html(const json& device, const std::string& anchor);

// The evidence section a finding of `check` rests on (a suffix for evidence_html's ids).
const char* evidence_section_for(std::string_view check);

}  // namespace attest::exports::html
