// The run ledger ("attest.ledger/v1"): an append-only JSON Lines file, one
// entry per gate run, hash-chained so that an edited, removed, inserted or
// reordered entry is found by `attest ledger verify` (README "Ledger").
//
// Each line is the compact JSON object
//   {"schema","seq","prev","time","site","report_sha256","report_path",
//    "db_manifest_sha256","summary","entry_sha256"}
// in exactly that order, where seq is the 1-based line number, prev the
// SHA-256 (hex) of the previous line's bytes without its newline (64 zeros
// for line 1), and entry_sha256 the SHA-256 of the line's text with the
// trailing `,"entry_sha256":"..."` member removed. A line must be the exact
// text attest writes for its content (compact, members in order), so an edit
// that keeps the JSON meaning but changes bytes is still caught.
//
// The chain is unsigned: whoever can write the file can rewrite every entry
// from some point on and recompute the hashes. Only a head digest kept
// elsewhere (a signed report, another copy) catches that.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "attest/util/result.hpp"

namespace attest::ledger {

inline constexpr std::string_view kLedgerSchema = "attest.ledger/v1";
// prev of the first entry.
inline constexpr std::string_view kGenesisPrev = "0000000000000000000000000000000000000000000000000000000000000000";
// Ledgers larger than this are refused (read and append), with a clear error.
inline constexpr std::size_t kMaxLedgerBytes = 256u << 20;

// What one run contributes; seq, prev and entry_sha256 are computed.
struct LedgerEntryInput {
  std::string time;                // RFC 3339 UTC, the run's end
  std::string site;
  std::string report_sha256;       // 64 lower-case hex digits of report.json
  std::string report_path;
  std::string db_manifest_sha256;  // 64 lower-case hex, or "" for an unsigned DB
  nlohmann::ordered_json summary;  // an object, e.g. {"devices":12,"pass":6,...}
  // When set, the append refuses unless the ledger's head is still this: the
  // signed report recorded it as the head it extends, and another run must
  // not have slipped an entry in between.
  std::string expected_prev = {};
};

// The first line that does not verify. `line` is 1-based.
struct LedgerProblem {
  std::size_t line = 0;
  std::string reason;  // "line 3: prev does not match line 2 (...)"
};

// A ledger read from the top: how far it verifies.
struct LedgerState {
  std::size_t entries = 0;   // lines that verified before the first problem
  std::string head_sha256;   // SHA-256 of the last verified line: the next entry's prev
  std::optional<LedgerProblem> problem;
};

// Pure: checks every line of `text` in order and stops at the first problem.
// An empty text is a problem (attest never writes an empty ledger).
LedgerState check_ledger_text(std::string_view text);

// The same over a file. The error is for a file that cannot be read (missing,
// a directory, unreadable, over kMaxLedgerBytes); content problems are values.
[[nodiscard]] Result<LedgerState> check_ledger_file(const std::string& path);

// Pure: the line (without newline) that extends a ledger whose last line
// hashes to `prev` with entry number `seq`. ErrorKind::input names a bad field.
[[nodiscard]] Result<std::string> make_ledger_line(const LedgerEntryInput& in, std::size_t seq, std::string_view prev);

// Appends one entry, creating the file if it is missing. Refuses (error,
// nothing written) when the existing ledger does not verify or would exceed
// kMaxLedgerBytes. The whole file is rewritten atomically (temp file in the
// same directory, fsync, rename, fsync of the directory) under an exclusive
// lock on the directory, so concurrent runs neither interleave nor lose an entry.
[[nodiscard]] Status append_ledger_entry(const std::string& path, const LedgerEntryInput& in);

}  // namespace attest::ledger
