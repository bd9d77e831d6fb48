// The TCG PC Client crypto-agile event log (Linux: binary_bios_measurements):
// parsing, per-bank replay and writing. Pure functions over bytes.
//
// Spec: TCG PC Client Platform Firmware Profile (PFP) 1.05, section 10 "Event
// Logging". The log starts with one TCG_PCClientPCREvent in the SHA1 format
// (10.2.1) carrying the TCG_EfiSpecIDEvent "Spec ID Event03" (10.4.5.1); every
// further entry is a TCG_PCR_EVENT2 (10.2.2). All integers are little-endian.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "attest/tpm/pcr.hpp"
#include "attest/util/digest.hpp"
#include "attest/util/result.hpp"

namespace attest::tpm {

// Event types (PFP 10.4.1, table "Event Types").
inline constexpr std::uint32_t kEvPostCode = 0x00000001;
inline constexpr std::uint32_t kEvNoAction = 0x00000003;
inline constexpr std::uint32_t kEvSeparator = 0x00000004;
inline constexpr std::uint32_t kEvAction = 0x00000005;
inline constexpr std::uint32_t kEvEventTag = 0x00000006;
inline constexpr std::uint32_t kEvSCrtmContents = 0x00000007;
inline constexpr std::uint32_t kEvSCrtmVersion = 0x00000008;
inline constexpr std::uint32_t kEvCpuMicrocode = 0x00000009;
inline constexpr std::uint32_t kEvPlatformConfigFlags = 0x0000000A;
inline constexpr std::uint32_t kEvTableOfDevices = 0x0000000B;
inline constexpr std::uint32_t kEvCompactHash = 0x0000000C;
inline constexpr std::uint32_t kEvIpl = 0x0000000D;
inline constexpr std::uint32_t kEvIplPartitionData = 0x0000000E;
inline constexpr std::uint32_t kEvNonhostCode = 0x0000000F;
inline constexpr std::uint32_t kEvNonhostConfig = 0x00000010;
inline constexpr std::uint32_t kEvNonhostInfo = 0x00000011;
inline constexpr std::uint32_t kEvOmitBootDeviceEvents = 0x00000012;
inline constexpr std::uint32_t kEvEfiVariableDriverConfig = 0x80000001;
inline constexpr std::uint32_t kEvEfiVariableBoot = 0x80000002;
inline constexpr std::uint32_t kEvEfiBootServicesApplication = 0x80000003;
inline constexpr std::uint32_t kEvEfiBootServicesDriver = 0x80000004;
inline constexpr std::uint32_t kEvEfiRuntimeServicesDriver = 0x80000005;
inline constexpr std::uint32_t kEvEfiGptEvent = 0x80000006;
inline constexpr std::uint32_t kEvEfiAction = 0x80000007;
inline constexpr std::uint32_t kEvEfiPlatformFirmwareBlob = 0x80000008;
inline constexpr std::uint32_t kEvEfiHandoffTables = 0x80000009;
inline constexpr std::uint32_t kEvEfiPlatformFirmwareBlob2 = 0x8000000A;
inline constexpr std::uint32_t kEvEfiHandoffTables2 = 0x8000000B;
inline constexpr std::uint32_t kEvEfiHcrtmEvent = 0x80000010;
inline constexpr std::uint32_t kEvEfiVariableAuthority = 0x800000E0;
inline constexpr std::uint32_t kEvEfiSpdmFirmwareBlob = 0x800000E1;
inline constexpr std::uint32_t kEvEfiSpdmFirmwareConfig = 0x800000E2;

// Caps on untrusted input: larger logs, events or counts are parse errors.
inline constexpr std::size_t kMaxEventLogBytes = 4u << 20;
inline constexpr std::size_t kMaxEventDataBytes = 1u << 20;
inline constexpr std::size_t kMaxEvents = 10000;
inline constexpr std::size_t kMaxDigestsPerEvent = 8;

struct Event {
  std::size_t index = 0;  // position in the log; the Spec ID event is 0 (as tpm2_eventlog's EventNum)
  std::uint32_t pcr = 0;
  std::uint32_t type = 0;
  std::map<std::uint16_t, Bytes> digests;  // TPM_ALG_ID -> digest
  Bytes data;
  std::size_t offset = 0;  // byte offset of the event in the log

  friend bool operator==(const Event&, const Event&) = default;
};

enum class EventLogFormat { crypto_agile, sha1_only };

struct EventLog {
  EventLogFormat format = EventLogFormat::crypto_agile;
  std::map<std::uint16_t, std::size_t> algorithms;  // from the Spec ID event: alg -> digest size
  std::vector<Event> events;                        // every event after the Spec ID event
  // From the StartupLocality EV_NO_ACTION event (PFP 10.4.5.3), if any.
  std::optional<std::uint8_t> startup_locality;
  // What the parser tolerated or cannot use, for reports and `attest eventlog
  // show`: trailing padding, bytes after a UEFI variable's data, hash
  // algorithms attest cannot compute. None of it changes what is replayed.
  std::vector<std::string> notes;

  friend bool operator==(const EventLog&, const EventLog&) = default;
};

// Parses a crypto-agile or SHA1-only log. Errors are ErrorKind::parse and name
// the event index and byte offset. Tolerated, and recorded in `notes`: zero or
// 0xff padding after the last event (raw ACPI/CCEL buffers; the Linux kernel
// stops at the first all-zero event the same way), bytes after the
// UEFI_VARIABLE_DATA of a variable event (still covered by the digest check of
// the data attest interprets), any PCR index on EV_NO_ACTION (never extended),
// and hash algorithms attest cannot compute (parsed, not replayed).
[[nodiscard]] Result<EventLog> parse_event_log(std::span<const std::uint8_t> bytes);

// "EV_SEPARATOR", "EV_EFI_BOOT_SERVICES_APPLICATION", ... or "EV_UNKNOWN".
const char* event_type_name(std::uint32_t type);

// "sha256", "sm3_256" (TCG names, as tpm2_eventlog prints them), or "0x0042"
// for an algorithm not in the TCG registry.
std::string bank_name(std::uint16_t alg);

// Replays the log per bank it declares (known hash algorithms only): every
// PCR extended by at least one event, EV_NO_ACTION not extended, PCR0 starting
// at the StartupLocality (0...03) or H-CRTM (0...04) value.
PcrValues replay(const EventLog& log);

// The index of the last event that extends `pcr` (not EV_NO_ACTION), if any.
std::optional<std::size_t> last_event_extending(const EventLog& log, unsigned pcr);

// Serializes `log`: the Spec ID header event (SHA1 format) listing
// `log.algorithms`, then every event as a TCG_PCR_EVENT2 in order; for a
// sha1_only log, every event as a TCG_PCClientPCREvent and no header. Event
// indices and offsets are not read; `startup_locality` is not written (add the
// StartupLocality event to `events`, as EventLogBuilder does).
Bytes write_event_log(const EventLog& log);

}  // namespace attest::tpm
