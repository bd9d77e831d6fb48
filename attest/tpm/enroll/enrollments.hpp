// The enrollment record file: which EK and AK each device enrolled with.
//
// {"schema": "attest.enrollments/v1", "site": "dc1",
//  "devices": {"<name>": {
//     "serial": "...", "enrolled_at": "2026-11-29T11:42:06Z",
//     "ek_certificate_sha256": "<64 hex>", "ek_certificate_issuer": "CN=...",
//     "ek_public": "<base64 TPM2B_PUBLIC>", "ak_public": "<base64 TPM2B_PUBLIC>",
//     "ak_name": "<hex nameAlg||digest>", "reset_count": 0, "restart_count": 0,
//     "tolerated": ["..."]}}}
//
// Unknown fields are refused; errors read "<file>: <json-pointer>: <what>"
// (ErrorKind::input). ak_name must be the name of ak_public. Written sorted
// and stable (devices by name, fields by name) so diffs review well.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "attest/util/digest.hpp"
#include "attest/util/result.hpp"

namespace attest::tpm {

// Enrollment files larger than this are refused.
inline constexpr std::size_t kMaxEnrollmentsBytes = 64u << 20;

inline constexpr std::string_view kEnrollmentsSchema = "attest.enrollments/v1";

struct EnrollmentRecord {
  std::string serial;
  std::string enrolled_at;             // RFC 3339 UTC
  std::string ek_certificate_sha256;   // lower-case hex of the DER's SHA-256
  std::string ek_certificate_issuer;   // RFC 2253
  Bytes ek_public;                     // marshaled TPM2B_PUBLIC
  Bytes ak_public;                     // marshaled TPM2B_PUBLIC
  Bytes ak_name;                       // nameAlg || H(TPMT_PUBLIC)
  std::uint32_t reset_count = 0;       // from the enrollment quote; must never go backwards
  std::uint32_t restart_count = 0;
  std::vector<std::string> tolerated;  // EK certificate oddities accepted at enrollment
};

struct Enrollments {
  std::string site;
  std::map<std::string, EnrollmentRecord> devices;  // by inventory device name
};

Result<Enrollments> parse_enrollments(std::string_view text, const std::string& path);
Result<Enrollments> load_enrollments(const std::string& path);
// Pretty-printed JSON with a trailing newline; save with attest::write_file_atomic.
std::string enrollments_to_json(const Enrollments& enrollments);
// Adds or replaces the record of device `name` (re-enrollment replaces).
void record_enrollment(Enrollments& enrollments, const std::string& name, EnrollmentRecord record);

}  // namespace attest::tpm
