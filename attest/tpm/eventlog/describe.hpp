// What `attest eventlog show|replay` prints: every event with its digests
// per bank and its data decoded for the common types, and the PCRs replayed
// per bank, as text (compare with tpm2_eventlog / tpm2_pcrread) or JSON.
// Pure: the command reads the file and writes the result.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "attest/tpm/eventlog/eventlog.hpp"

namespace attest::tpm {

// The event's data in words: "CRTM version '1.5.6'", "variable SecureBoot
// (8be4df61-93ca-11d2-aa0d-00e098032b8c) = 01", "image 0x1000 (4096 bytes)
// \EFI\BOOT\BOOTX64.EFI", the text of EV_EFI_ACTION, ... and otherwise the
// first bytes in hex. Device text is made safe for a terminal.
std::string describe_event_data(const Event& e);

// "crypto-agile" or "sha1-only".
const char* format_name(EventLogFormat format);

// `eventlog show`: a header line, an entry per event, the notes.
std::string event_log_text(const EventLog& log);
// `eventlog show --json`: {"format", "algorithms", "events": [...], "notes", "pcrs"}.
nlohmann::ordered_json event_log_json(const EventLog& log);

// `eventlog replay`: "  sha256:" then "    0 : 0x<HEX>" lines, as tpm2_pcrread prints them.
std::string replay_text(const PcrValues& pcrs);
// `eventlog replay --json`: {"pcrs": {"sha256": {"0": "<hex>", ...}, ...}}.
nlohmann::ordered_json replay_json(const PcrValues& pcrs);

}  // namespace attest::tpm
