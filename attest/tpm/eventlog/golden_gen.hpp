// `attest boot golden`: the attest.boot/v1 policy a reference machine's event
// log implies (CRTM versions, firmware blobs, boot applications, Secure Boot
// state), for a reviewer to check and sign into the golden DB. Pure.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "attest/tpm/eventlog/eventlog.hpp"
#include "attest/util/result.hpp"

namespace attest::tpm {

struct GoldenBootRequest {
  std::string model;
  std::string firmware_version;
  std::string pcr_selection;  // empty: sha256:0-7 (sha1:0-7 for a SHA1-only log)
  Bytes eventlog_sha256;      // digest of the log file: the policy's source
  std::string quote;          // what the log was checked against (reference.quote), or empty
  std::string generated_by;   // "attest boot golden 0.9.0"
};

// The whole attest.boot/v1 document with one policy. Refused (ErrorKind::input):
// a log whose interpreted data does not hash to its digests, a log without
// the bank golden digests are kept in, a selection that does not parse.
[[nodiscard]] Result<nlohmann::ordered_json> golden_boot_document(const EventLog& log, const GoldenBootRequest& request);

}  // namespace attest::tpm
