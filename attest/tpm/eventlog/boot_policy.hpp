// Boot facts read from an event log, and the measured-boot check: the log
// replays to the quoted PCRs and what it measured is golden (BootPolicy from
// firmware-db/boot/). Pure functions; the quote itself is verified elsewhere
// (tpm/quote) and only its PCR values come in here.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "attest/core/finding.hpp"
#include "attest/core/golden.hpp"
#include "attest/tpm/eventlog/eventlog.hpp"

namespace attest::tpm {

// The bank golden digests are compared in: sha256, or sha1 for a SHA1-only log.
std::uint16_t golden_bank(const EventLog& log);

struct BootFacts {
  std::vector<std::string> crtm_versions;       // EV_S_CRTM_VERSION, UCS-2 or ASCII decoded
  // Digests in golden_bank(log):
  std::vector<Bytes> firmware_blob_digests;     // of EV_EFI_PLATFORM_FIRMWARE_BLOB(2), EV_POST_CODE
  std::vector<Bytes> boot_application_digests;  // of EV_EFI_BOOT_SERVICES_APPLICATION
  // The SecureBoot variable (EFI_GLOBAL_VARIABLE 8be4df61-93ca-11d2-aa0d-00e098032b8c)
  // measured as EV_EFI_VARIABLE_DRIVER_CONFIG: nullopt when not measured.
  std::optional<bool> secure_boot;
  bool pk_present = false, kek_present = false, db_present = false, dbx_present = false;
};

BootFacts extract_boot_facts(const EventLog& log);

// True for the event types whose sha256 digest must be a golden firmware
// image (platform_firmware_digests) or boot application.
bool is_firmware_blob_event(std::uint32_t type);

// The first quoted PCR of `selection` (in the banks the log has) that the
// log's replay does not reproduce; `missing_quote` when the quote lacks it.
struct ReplayMismatch {
  std::string what;
  bool missing_quote = false;
};
std::optional<ReplayMismatch> replay_mismatch(const EventLog& log, const PcrValues& quoted,
                                              const PcrSelection& selection);

// The first event whose data attest interprets (EV_S_CRTM_VERSION, Secure
// Boot variables) but which does not hash to its digests, named.
std::optional<std::string> altered_event_data(const EventLog& log);

// A log with measurements a documented quirk left out added back, and the
// note that names the quirk (also appended to log.notes).
struct QuirkedLog {
  EventLog log;
  std::string note;
};

// The ExitBootServices quirk (quirks.cpp): when the replay does not match and
// the log has no "Exit Boot Services Invocation" event, the log with both PCR5
// ExitBootServices events appended, if that reproduces every quoted PCR of
// `selection` exactly; otherwise nullopt.
std::optional<QuirkedLog> apply_exit_boot_services_quirk(const EventLog& log, const PcrValues& quoted,
                                                         const PcrSelection& selection);

// The measured-boot finding (check id "measured-boot"):
//  1. replay of the log reproduces every quoted PCR of `selection` in the
//     banks the log has, and covers the policy's pcr_selection; the data of
//     the events read below (CRTM version, Secure Boot variables) hashes to
//     their digests, so it is what was measured;
//  2. every CRTM version, firmware blob and boot application is golden;
//  3. Secure Boot is on when the policy requires it;
//  4. the policy's expected_pcrs equal the quoted values.
// A log that lacks only the PCR5 ExitBootServices events is checked with them
// added (apply_exit_boot_services_quirk) and the quirk named in the detail.
// A SHA1-only log is compared in the sha1 bank against the policy's sha1_*
// digests; it fails when the policy refuses SHA1-only logs, and otherwise
// passes with a warning in the detail.
// A null `policy` fails (fail closed). `quoted` holds verified quote values.
Finding check_measured_boot(const EventLog& log, const PcrValues& quoted, const PcrSelection& selection,
                            const BootPolicy* policy);

// The same from raw log bytes: a log that does not parse is an "error"
// finding ("event log not understood: ...").
Finding check_measured_boot(std::span<const std::uint8_t> log_bytes, const PcrValues& quoted,
                            const PcrSelection& selection, const BootPolicy* policy);

// Looks the policy up in `db` first; none is a "fail" naming model and firmware.
Finding check_measured_boot(std::span<const std::uint8_t> log_bytes, const PcrValues& quoted,
                            const PcrSelection& selection, const GoldenDb& db, const std::string& model,
                            const std::string& firmware_version);

}  // namespace attest::tpm
