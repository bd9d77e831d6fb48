// Event type names and per-bank replay of an event log.
#include <string>
#include <string_view>

#include "attest/tpm/eventlog/eventlog.hpp"
#include "attest/tpm/eventlog/le_bytes.hpp"

namespace attest::tpm {
namespace {

struct TypeName {
  std::uint32_t type;
  const char* name;
};

// PFP 1.05 section 10.4.1, "Event Types".
constexpr TypeName kTypeNames[] = {
    {0x00000000, "EV_PREBOOT_CERT"},
    {kEvPostCode, "EV_POST_CODE"},
    {0x00000002, "EV_UNUSED"},
    {kEvNoAction, "EV_NO_ACTION"},
    {kEvSeparator, "EV_SEPARATOR"},
    {kEvAction, "EV_ACTION"},
    {kEvEventTag, "EV_EVENT_TAG"},
    {kEvSCrtmContents, "EV_S_CRTM_CONTENTS"},
    {kEvSCrtmVersion, "EV_S_CRTM_VERSION"},
    {kEvCpuMicrocode, "EV_CPU_MICROCODE"},
    {kEvPlatformConfigFlags, "EV_PLATFORM_CONFIG_FLAGS"},
    {kEvTableOfDevices, "EV_TABLE_OF_DEVICES"},
    {kEvCompactHash, "EV_COMPACT_HASH"},
    {kEvIpl, "EV_IPL"},
    {kEvIplPartitionData, "EV_IPL_PARTITION_DATA"},
    {kEvNonhostCode, "EV_NONHOST_CODE"},
    {kEvNonhostConfig, "EV_NONHOST_CONFIG"},
    {kEvNonhostInfo, "EV_NONHOST_INFO"},
    {kEvOmitBootDeviceEvents, "EV_OMIT_BOOT_DEVICE_EVENTS"},
    {kEvEfiVariableDriverConfig, "EV_EFI_VARIABLE_DRIVER_CONFIG"},
    {kEvEfiVariableBoot, "EV_EFI_VARIABLE_BOOT"},
    {kEvEfiBootServicesApplication, "EV_EFI_BOOT_SERVICES_APPLICATION"},
    {kEvEfiBootServicesDriver, "EV_EFI_BOOT_SERVICES_DRIVER"},
    {kEvEfiRuntimeServicesDriver, "EV_EFI_RUNTIME_SERVICES_DRIVER"},
    {kEvEfiGptEvent, "EV_EFI_GPT_EVENT"},
    {kEvEfiAction, "EV_EFI_ACTION"},
    {kEvEfiPlatformFirmwareBlob, "EV_EFI_PLATFORM_FIRMWARE_BLOB"},
    {kEvEfiHandoffTables, "EV_EFI_HANDOFF_TABLES"},
    {kEvEfiPlatformFirmwareBlob2, "EV_EFI_PLATFORM_FIRMWARE_BLOB2"},
    {kEvEfiHandoffTables2, "EV_EFI_HANDOFF_TABLES2"},
    {0x8000000C, "EV_EFI_VARIABLE_BOOT2"},
    {kEvEfiHcrtmEvent, "EV_EFI_HCRTM_EVENT"},
    {kEvEfiVariableAuthority, "EV_EFI_VARIABLE_AUTHORITY"},
    {kEvEfiSpdmFirmwareBlob, "EV_EFI_SPDM_FIRMWARE_BLOB"},
    {kEvEfiSpdmFirmwareConfig, "EV_EFI_SPDM_FIRMWARE_CONFIG"},
};

std::string_view view(const Bytes& b) { return detail::as_text(b); }

// TPM 2.0 Part 1, PCR extend: new = H(old || digest).
void extend(std::uint16_t alg, Bytes& pcr, const Bytes& digest) {
  Bytes input = pcr;
  input.insert(input.end(), digest.begin(), digest.end());
  pcr = hash_with(alg, view(input));
}

// PCR0's value at TPM2_Startup. TPM 2.0 Part 1 section 34.3 (H-CRTM: 0...04)
// and PFP 10.4.5.3 (StartupLocality 3: 0...03); otherwise all zeros.
Bytes initial_pcr0(const EventLog& log, std::size_t size) {
  Bytes v(size, 0);
  bool hcrtm = false;
  for (const auto& e : log.events) hcrtm = hcrtm || (e.type == kEvEfiHcrtmEvent && e.pcr == 0);
  if (hcrtm) {
    v.back() = 4;
  } else if (log.startup_locality) {
    v.back() = *log.startup_locality;
  }
  return v;
}

}  // namespace

const char* event_type_name(std::uint32_t type) {
  for (const auto& t : kTypeNames)
    if (t.type == type) return t.name;
  return "EV_UNKNOWN";
}

std::string bank_name(std::uint16_t alg) {
  if (const char* name = hash_alg_name(alg)) return name;
  // TPM_ALG_IDs (TCG Algorithm Registry) attest reads but cannot compute.
  switch (alg) {
    case 0x0012: return "sm3_256";
    case 0x0027: return "sha3_256";
    case 0x0028: return "sha3_384";
    case 0x0029: return "sha3_512";
    default: break;
  }
  return detail::hex_field(alg, 4);
}

PcrValues replay(const EventLog& log) {
  PcrValues out;
  for (const auto& [alg, size] : log.algorithms) {
    if (hash_alg_size(alg) != size) continue;  // an algorithm we cannot hash
    auto& bank = out[alg];
    for (const auto& e : log.events) {
      if (e.type == kEvNoAction) continue;
      const auto digest = e.digests.find(alg);
      if (digest == e.digests.end()) continue;  // the parser refuses this for measured events
      auto [it, fresh] = bank.try_emplace(e.pcr, Bytes(size, 0));
      if (fresh && e.pcr == 0) it->second = initial_pcr0(log, size);
      extend(alg, it->second, digest->second);
    }
  }
  return out;
}

std::optional<std::size_t> last_event_extending(const EventLog& log, unsigned pcr) {
  std::optional<std::size_t> last;
  for (const auto& e : log.events)
    if (e.pcr == pcr && e.type != kEvNoAction) last = e.index;
  return last;
}

}  // namespace attest::tpm
