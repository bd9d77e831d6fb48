// `show platform integrity sign nonce N` (IOS-XE; NX-OS prints the same
// fields), as in the captures of Cisco's BootIntegrityValidator tests.
#include <array>
#include <utility>

#include "attest/integrity/cisco_integrity.hpp"
#include "attest/integrity/parse_fields.hpp"

namespace attest::integrity {
namespace {

constexpr std::string_view kWhat = "show platform integrity";
constexpr std::array<std::string_view, 12> kKeys{
    "Platform", "Boot 0 Version", "Boot 0 Hash", "Boot Loader Version", "Boot Loader Hash", "OS Version",
    "OS Hash",  "OS Hashes",      "PCR0",        "PCR8",                "Signature version", "Signature"};

// Image hashes are SHA-256 or SHA-512 (Boot 0 is SHA-256; ISR 1k prints a
// SHA-256 boot loader hash, ISR 4k a SHA-512 one).
Status check_image_hash(const std::string& name, const Bytes& digest) {
  if (digest.size() == 32 || digest.size() == 64) return ok_status();
  return make_error(ErrorKind::parse, std::string(kWhat) + ": '" + name + "' is " + std::to_string(digest.size()) + " bytes, not a SHA-256 or SHA-512 digest");
}

Result<MeasuredHash> image_hash(const detail::Scanned& s, std::string_view key) {
  auto digest = detail::hex_field(s, key, kWhat);
  if (!digest) return digest.error();
  MeasuredHash hash{std::string(key), std::move(digest).value()};
  if (auto st = check_image_hash(hash.name, hash.digest); !st) return st.error();
  return hash;
}

// One "OS Hash:" or, on multi-package installs, the list under "OS Hashes:".
Result<std::vector<MeasuredHash>> os_hashes(const detail::Scanned& s) {
  if (s.fields.contains("OS Hash") || !s.fields.contains("OS Hashes")) {
    auto one = image_hash(s, "OS Hash");
    if (!one) return one.error();
    return std::vector<MeasuredHash>{std::move(one).value()};
  }
  if (s.list.empty()) return make_error(ErrorKind::parse, std::string(kWhat) + ": 'OS Hashes' lists no package");
  std::vector<MeasuredHash> out;
  for (const auto& [name, hex] : s.list) {
    detail::Scanned entry;
    entry.fields[name] = hex;
    auto hash = image_hash(entry, name);
    if (!hash) return hash.error();
    out.push_back(std::move(hash).value());
  }
  return out;
}

Result<Bytes> pcr(const detail::Scanned& s, std::string_view key) {
  auto value = detail::hex_field(s, key, kWhat);
  if (value && value->size() != 32)
    return make_error(ErrorKind::parse, std::string(kWhat) + ": '" + std::string(key) + "' is " + std::to_string(value->size()) + " bytes, not a SHA-256 PCR");
  return value;
}

Status fill_versions(const detail::Scanned& s, IntegrityReport& r) {
  const std::pair<std::string_view, std::string IntegrityReport::*> versions[] = {
      {"Platform", &IntegrityReport::platform},
      {"Boot 0 Version", &IntegrityReport::boot0_version},
      {"Boot Loader Version", &IntegrityReport::boot_loader_version},
      {"OS Version", &IntegrityReport::os_version}};
  for (const auto& [key, member] : versions) {
    auto value = detail::text_field(s, key, kWhat);
    if (!value) return value.error();
    r.*member = std::move(value).value();
  }
  return ok_status();
}

Status fill_hashes(const detail::Scanned& s, IntegrityReport& r) {
  for (auto [key, member] : {std::pair{"Boot 0 Hash", &IntegrityReport::boot0}, std::pair{"Boot Loader Hash", &IntegrityReport::boot_loader}}) {
    auto hash = image_hash(s, key);
    if (!hash) return hash.error();
    r.*member = std::move(hash).value();
  }
  auto os = os_hashes(s);
  if (!os) return os.error();
  r.os_hashes = std::move(os).value();
  return ok_status();
}

Status fill_signed_part(const detail::Scanned& s, IntegrityReport& r) {
  auto pcr0 = pcr(s, "PCR0");
  if (!pcr0) return pcr0.error();
  r.pcr0 = std::move(pcr0).value();
  auto pcr8 = pcr(s, "PCR8");
  if (!pcr8) return pcr8.error();
  r.pcr8 = std::move(pcr8).value();
  auto version = detail::signature_version(s, kWhat);
  if (!version) return version.error();
  r.signature_version = *version;
  auto signature = detail::hex_field(s, "Signature", kWhat);
  if (!signature) return signature.error();
  r.signature = std::move(signature).value();
  r.nonce = s.nonce;
  return ok_status();
}

}  // namespace

Result<IntegrityReport> parse_integrity(std::string_view output) {
  auto scanned = detail::scan(output, kKeys, "OS Hashes", kWhat);
  if (!scanned) return scanned.error();
  IntegrityReport report;
  for (const auto fill : {fill_versions, fill_hashes, fill_signed_part}) {
    if (auto st = fill(*scanned, report); !st) return st.error();
  }
  return report;
}

}  // namespace attest::integrity
