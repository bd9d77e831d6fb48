// EventLogBuilder: the events a UEFI platform logs, with digests computed
// per bank the way PFP 1.05 section 3.3.4 / 10.4 prescribes per event type.
#include "attest/tpm/eventlog/builder.hpp"

#include "attest/tpm/eventlog/le_bytes.hpp"

namespace attest::tpm {
namespace {

Bytes to_bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }

}  // namespace

EventLogBuilder::EventLogBuilder(std::vector<std::uint16_t> banks) : banks_(std::move(banks)) {
  for (const std::uint16_t alg : banks_) log_.algorithms[alg] = hash_alg_size(alg);
}

EventLogBuilder EventLogBuilder::sha1_only() {
  EventLogBuilder b({kAlgSha1});
  b.log_.format = EventLogFormat::sha1_only;
  return b;
}

// TCG_EfiStartupLocalityEvent: Signature "StartupLocality\0", StartupLocality
// u8. EV_NO_ACTION events carry zero digests in every bank (PFP 10.4.5).
EventLogBuilder& EventLogBuilder::startup_locality(std::uint8_t locality) {
  Event e;
  e.pcr = 0;
  e.type = kEvNoAction;
  e.data = to_bytes(std::string_view("StartupLocality\0", 16));
  e.data.push_back(locality);
  for (const std::uint16_t alg : banks_) e.digests[alg] = Bytes(hash_alg_size(alg), 0);
  log_.startup_locality = locality;
  return add(std::move(e));
}

EventLogBuilder& EventLogBuilder::crtm_version(std::string_view version) {
  return add(0, kEvSCrtmVersion, encode_ucs2(version, true));
}

EventLogBuilder& EventLogBuilder::firmware_blob(std::string_view image, std::uint64_t base, std::uint32_t pcr) {
  return add(
      make_image_event(pcr, kEvEfiPlatformFirmwareBlob, encode_firmware_blob(base, image.size()), image, banks_));
}

EventLogBuilder& EventLogBuilder::variable(const EfiGuid& guid, std::string_view name,
                                           std::span<const std::uint8_t> value) {
  return add(7, kEvEfiVariableDriverConfig, encode_uefi_variable(guid, name, value));
}

EventLogBuilder& EventLogBuilder::secure_boot(bool enabled, bool keys, const SecureBootKeys& values) {
  const Bytes flag = {static_cast<std::uint8_t>(enabled ? 1 : 0)};
  variable(kEfiGlobalVariable, "SecureBoot", flag);
  const auto key = [&](std::string_view v) { return keys ? to_bytes(v) : Bytes(); };
  variable(kEfiGlobalVariable, "PK", key(values.pk));
  variable(kEfiGlobalVariable, "KEK", key(values.kek));
  variable(kEfiImageSecurityDatabase, "db", key(values.db));
  return variable(kEfiImageSecurityDatabase, "dbx", key(values.dbx));
}

EventLogBuilder& EventLogBuilder::separators(std::initializer_list<std::uint32_t> pcrs) {
  for (const std::uint32_t pcr : pcrs) add(pcr, kEvSeparator, Bytes(4, 0));
  return *this;
}

EventLogBuilder& EventLogBuilder::efi_action(std::uint32_t pcr, std::string_view text) {
  return add(pcr, kEvEfiAction, to_bytes(text));
}

EventLogBuilder& EventLogBuilder::boot_application(std::string_view image, std::string_view path, std::uint32_t pcr) {
  return add(make_image_event(pcr, kEvEfiBootServicesApplication, encode_image_load(0x7e000000, image.size(), path),
                              image, banks_));
}

EventLogBuilder& EventLogBuilder::add(std::uint32_t pcr, std::uint32_t type, Bytes data) {
  return add(make_event(pcr, type, std::move(data), banks_));
}

EventLogBuilder& EventLogBuilder::add(Event event) {
  log_.events.push_back(std::move(event));
  return *this;
}

}  // namespace attest::tpm
