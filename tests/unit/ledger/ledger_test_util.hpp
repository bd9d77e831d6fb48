// Shared by the ledger tests: genuine ledgers built with the library's own
// writer, and line-level edits the way an attacker with a text editor makes them.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "attest/ledger/ledger.hpp"
#include "attest/util/digest.hpp"

namespace attest::testing {

inline ledger::LedgerEntryInput run_entry(int run) {
  ledger::LedgerEntryInput in;
  in.time = "2026-11-29T12:0" + std::to_string(run % 10) + ":00.000Z";
  in.site = "demo-dc1";
  in.report_sha256 = sha256_hex("report " + std::to_string(run));
  in.report_path = "/var/lib/attest/run-" + std::to_string(run) + "/report.json";
  in.db_manifest_sha256 = sha256_hex("manifest");
  in.summary = nlohmann::ordered_json{{"devices", 18}, {"pass", 6 + run}, {"fail", 11 - run}, {"error", 1}};
  return in;
}

// The lines (without newlines) of a genuine ledger of `count` runs.
inline std::vector<std::string> ledger_lines(int count) {
  std::vector<std::string> lines;
  std::string prev(ledger::kGenesisPrev);
  for (int run = 1; run <= count; ++run) {
    auto line = ledger::make_ledger_line(run_entry(run), lines.size() + 1, prev);
    REQUIRE_MESSAGE(line.ok(), line.error().message);
    prev = sha256_hex(*line);
    lines.push_back(*line);
  }
  return lines;
}

inline std::string join_lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  return text;
}

// The reason check_ledger_text gives, or "" for an intact ledger.
inline std::string ledger_reason(const std::string& text) {
  const auto problem = ledger::check_ledger_text(text).problem;
  return problem ? problem->reason : "";
}

}  // namespace attest::testing
