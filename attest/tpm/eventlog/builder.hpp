// Building event logs whose digests are computed properly, for the emulator
// (attest-lab serves a log matching the PCRs it extends) and for tests:
//
//   EventLog log = EventLogBuilder()                      // sha1 + sha256 banks
//       .startup_locality(3)
//       .crtm_version("1.5.6")
//       .firmware_blob(image)                              // digest of the image
//       .secure_boot(true)
//       .separators()                                      // PCR0-7
//       .boot_application(loader_image, "\\EFI\\BOOT\\BOOTX64.EFI")
//       .build();
//   Bytes wire = write_event_log(log);
//   for (auto& e : log.events) if (e.type != kEvNoAction) /* PCR_Extend e.pcr with e.digests */;
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "attest/tpm/eventlog/eventlog.hpp"
#include "attest/tpm/eventlog/uefi.hpp"

namespace attest::tpm {

// An event whose digest in every bank is the hash of `data` (EV_SEPARATOR,
// EV_S_CRTM_VERSION, EV_EFI_VARIABLE_DRIVER_CONFIG, EV_EFI_ACTION, ...).
Event make_event(std::uint32_t pcr, std::uint32_t type, Bytes data, std::span<const std::uint16_t> banks);
// An event whose digest is the hash of the measured `image`, not of `data`
// (EV_EFI_PLATFORM_FIRMWARE_BLOB, EV_EFI_BOOT_SERVICES_APPLICATION, ...).
Event make_image_event(std::uint32_t pcr, std::uint32_t type, Bytes data, std::string_view image,
                       std::span<const std::uint16_t> banks);

// Placeholder contents for the Secure Boot key variables (lab values).
struct SecureBootKeys {
  std::string_view pk = "attest-lab PK";
  std::string_view kek = "attest-lab KEK";
  std::string_view db = "attest-lab db";
  std::string_view dbx = "attest-lab dbx";
};

class EventLogBuilder {
 public:
  // Banks must be hash algorithms pcr.hpp knows (sha1, sha256, sha384, sha512).
  explicit EventLogBuilder(std::vector<std::uint16_t> banks = {kAlgSha1, kAlgSha256});
  // A SHA1-only (TPM 1.2 format) log: one sha1 digest per event, no Spec ID
  // header (write_event_log writes TCG_PCClientPCREvent entries).
  static EventLogBuilder sha1_only();

  // EV_NO_ACTION "StartupLocality" on PCR0 (PFP 10.4.5.3); call it first.
  EventLogBuilder& startup_locality(std::uint8_t locality);
  // EV_S_CRTM_VERSION on PCR0, the version as a NUL-terminated UCS-2 string.
  EventLogBuilder& crtm_version(std::string_view version);
  // EV_EFI_PLATFORM_FIRMWARE_BLOB measuring `image`.
  EventLogBuilder& firmware_blob(std::string_view image, std::uint64_t base = 0xff000000, std::uint32_t pcr = 0);
  // EV_EFI_VARIABLE_DRIVER_CONFIG on PCR7: SecureBoot = 1 or 0, then PK, KEK, db,
  // dbx (empty variables when `keys` is false), as PFP 3.3.4.8 orders them.
  EventLogBuilder& secure_boot(bool enabled, bool keys = true, const SecureBootKeys& values = {});
  // EV_EFI_VARIABLE_DRIVER_CONFIG of one variable on PCR7.
  EventLogBuilder& variable(const EfiGuid& guid, std::string_view name, std::span<const std::uint8_t> value);
  // EV_SEPARATOR (4 zero bytes) on each of `pcrs`.
  EventLogBuilder& separators(std::initializer_list<std::uint32_t> pcrs = {0, 1, 2, 3, 4, 5, 6, 7});
  // EV_EFI_ACTION with `text` (e.g. "Calling EFI Application from Boot Option").
  EventLogBuilder& efi_action(std::uint32_t pcr, std::string_view text);
  // EV_EFI_BOOT_SERVICES_APPLICATION on PCR4 measuring `image` loaded from `path`.
  EventLogBuilder& boot_application(std::string_view image, std::string_view path, std::uint32_t pcr = 4);
  // Any event: digest of `data`.
  EventLogBuilder& add(std::uint32_t pcr, std::uint32_t type, Bytes data);
  // Any event with the given digests (must cover every bank).
  EventLogBuilder& add(Event event);

  // The log; event indices start at 1 and offsets are those write_event_log gives.
  EventLog build() const;

 private:
  std::vector<std::uint16_t> banks_;
  EventLog log_;
};

}  // namespace attest::tpm
