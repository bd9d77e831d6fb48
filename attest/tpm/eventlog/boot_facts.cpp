// Boot facts from an event log: CRTM versions, firmware and boot application
// digests, Secure Boot state (PFP 1.05 section 3.3.4.8, PCR7 variables).
#include <algorithm>

#include "attest/tpm/eventlog/boot_policy.hpp"
#include "attest/tpm/eventlog/uefi.hpp"

namespace attest::tpm {
namespace {

Bytes digest_of(const Event& e, std::uint16_t bank) {
  const auto it = e.digests.find(bank);
  return it == e.digests.end() ? Bytes() : it->second;
}

// Secure Boot configuration variables, measured to PCR7 as
// EV_EFI_VARIABLE_DRIVER_CONFIG (PFP 3.3.4.8). A variable measured with no
// data is an absent variable.
void apply_variable(const UefiVariable& v, BootFacts& facts) {
  const bool global = v.guid == kEfiGlobalVariable;
  const bool security_db = v.guid == kEfiImageSecurityDatabase;
  const bool present = !v.data.empty();
  if (global && v.name == "SecureBoot") {
    facts.secure_boot = present && std::any_of(v.data.begin(), v.data.end(), [](std::uint8_t b) { return b != 0; });
  } else if (global && v.name == "PK") {
    facts.pk_present = present;
  } else if (global && v.name == "KEK") {
    facts.kek_present = present;
  } else if (security_db && v.name == "db") {
    facts.db_present = present;
  } else if (security_db && v.name == "dbx") {
    facts.dbx_present = present;
  }
}

}  // namespace

std::uint16_t golden_bank(const EventLog& log) {
  return log.format == EventLogFormat::sha1_only ? kAlgSha1 : kAlgSha256;
}

bool is_firmware_blob_event(std::uint32_t type) {
  return type == kEvEfiPlatformFirmwareBlob || type == kEvEfiPlatformFirmwareBlob2 || type == kEvPostCode;
}

BootFacts extract_boot_facts(const EventLog& log) {
  BootFacts facts;
  const std::uint16_t bank = golden_bank(log);
  for (const auto& e : log.events) {
    if (e.type == kEvSCrtmVersion) {
      facts.crtm_versions.push_back(decode_firmware_string(e.data));
    } else if (is_firmware_blob_event(e.type)) {
      if (auto d = digest_of(e, bank); !d.empty()) facts.firmware_blob_digests.push_back(std::move(d));
    } else if (e.type == kEvEfiBootServicesApplication) {
      if (auto d = digest_of(e, bank); !d.empty()) facts.boot_application_digests.push_back(std::move(d));
    } else if (e.type == kEvEfiVariableDriverConfig) {
      if (const auto v = decode_uefi_variable(e.data)) apply_variable(*v, facts);
    }
  }
  return facts;
}

}  // namespace attest::tpm
