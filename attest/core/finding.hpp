// Findings and verdicts: the contract of report.json (schema attest.report/v1).
#pragma once

#include <string>
#include <vector>

namespace attest {

// Check ids, stable in reports (see README "Report").
namespace check {
inline constexpr const char* kReachability = "reachability";
inline constexpr const char* kHostKey = "host-key";
inline constexpr const char* kSshPosture = "ssh-posture";
inline constexpr const char* kIdentity = "identity";
inline constexpr const char* kDefaultCredentials = "default-credentials";
inline constexpr const char* kRetiredCredentials = "retired-credentials";
inline constexpr const char* kFirmwareVersion = "firmware-version";
inline constexpr const char* kTpmEnrollment = "tpm-enrollment";
inline constexpr const char* kTpmQuote = "tpm-quote";
inline constexpr const char* kMeasuredBoot = "measured-boot";
}  // namespace check

enum class CheckStatus { pass, fail, error, skip };
enum class Verdict { pass, fail, error };

const char* to_string(CheckStatus s);
const char* to_string(Verdict v);

struct Finding {
  std::string check;  // one of check::k*
  CheckStatus status = CheckStatus::error;
  std::string detail;  // human readable, never a secret
  std::string rule;    // the golden rule it refers to (file#/pointer), if any
};

// fail if any finding failed; else error if any errored; pass only when at
// least one finding passed and none failed or errored (never pass without evidence).
Verdict verdict_of(const std::vector<Finding>& findings);

}  // namespace attest
