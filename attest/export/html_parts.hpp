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

// The verdict first: BLOCKED n of m devices, or ALL CLEAR, counted from the
// devices (never from the report's summary), with PARTIAL and an unverified
// golden DB or unsigned report called out (html_verdict.cpp).
std::string verdict_banner(const json& report);

// One row per blocked device: name, rack/U, verdict, each blocking finding.
std::string blocked_section(const json& report);

// Site title and counts, under the banner.
std::string summary_section(const json& report);

// The run's metadata table (tool, DB manifest, operator, times...): the end of the page.
std::string run_section(const json& report);

// Blocked: the verdict is not pass, a finding fails, errs or is not
// understood, or no check passed (no evidence). Fail closed.
bool device_blocked(const json& device);

// The findings that block a device: failures, then errors, then unknown statuses.
std::vector<const json*> blocking_findings(const json& device);

// What blocked a device first ("check: detail"), or why a pass is not one.
std::string device_reason(const json& device);

// "38-39" for a device of height 2 at U38; whatever the report holds otherwise.
std::string units(const json& device);

// The device's name linked to its section, the full name also in `title`
// (the cell may wrap it).
std::string device_link(const json& device, std::size_t index);

// One inline SVG elevation per rack, devices linked to their sections.
std::string rack_elevations(const json& report);

// One row per device: verdict and the first blocking finding.
std::string device_table(const json& report);

// The controls a finding of `check` is evidence for, one labelled span each
// ("PCI DSS v4.0 2.2.2", title and source in `title`); empty without a mapping.
std::string finding_controls(const json& report, const std::string& check);

// Per control: its checks and how many devices pass, fail or were not tested.
std::string controls_section(const json& report);

// One block per device: findings, then the evidence behind them.
std::string device_sections(const json& report);

// The evidence of one device; section ids are `anchor` + "-" + a fixed suffix.
std::string evidence_html(const json& device, const std::string& anchor);

// The evidence section a finding of `check` rests on (a suffix for evidence_html's ids).
const char* evidence_section_for(std::string_view check);

}  // namespace attest::exports::html
