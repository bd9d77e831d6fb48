// Findings and verdicts: the contract of report.json (schema attest.report/v1).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace attest {

// Check ids, stable in reports (see README "Report").
namespace check {
inline constexpr const char* kReachability = "reachability";
inline constexpr const char* kHostKey = "host-key";
inline constexpr const char* kSshPosture = "ssh-posture";
// Management services besides SSH (SNMP, a BMC's Redfish, IPMI, telnet,
// SSDP, plain HTTP): only for devices whose profile or transport has any.
inline constexpr const char* kServicePosture = "service-posture";
inline constexpr const char* kIdentity = "identity";
inline constexpr const char* kDefaultCredentials = "default-credentials";
inline constexpr const char* kRetiredCredentials = "retired-credentials";
inline constexpr const char* kFirmwareVersion = "firmware-version";
inline constexpr const char* kTpmEnrollment = "tpm-enrollment";
inline constexpr const char* kTpmQuote = "tpm-quote";
inline constexpr const char* kMeasuredBoot = "measured-boot";
// From a vantage that must not reach the management plane (`attest
// exposure`): is any management endpoint reachable?
inline constexpr const char* kManagementAcl = "management-acl";

inline constexpr const char* kAll[] = {kReachability,       kHostKey,           kSshPosture,      kServicePosture,
                                       kIdentity,           kDefaultCredentials, kRetiredCredentials, kFirmwareVersion,
                                       kTpmEnrollment,      kTpmQuote,           kMeasuredBoot,    kManagementAcl};
// What no waiver may accept: a password that still logs in, a device that is
// not the one pinned, or an SSH that an attacker can downgrade is never a
// known, accepted risk for a device going into production.
inline constexpr const char* kNeverWaived[] = {kDefaultCredentials, kRetiredCredentials, kHostKey, kSshPosture};
}  // namespace check

// waived: a fail that a valid signed waiver accepts (engine/waivers.hpp);
// it blocks nobody, and the report names the waiver.
enum class CheckStatus { pass, fail, error, skip, waived };
enum class Verdict { pass, fail, error };

const char* to_string(CheckStatus s);
const char* to_string(Verdict v);

struct Finding {
  Finding() = default;
  Finding(std::string check_id, CheckStatus s, std::string what, std::string golden_rule = {})
      : check(std::move(check_id)), status(s), detail(std::move(what)), rule(std::move(golden_rule)) {}

  std::string check;  // one of check::k*
  CheckStatus status = CheckStatus::error;
  std::string detail;  // human readable, never a secret
  std::string rule;    // the golden rule it refers to (file#/pointer), if any
  std::string waiver;  // status waived: the id of the waiver that accepts it
};

// fail if any finding failed; else error if any errored; pass only when at
// least one finding passed and none failed or errored (never pass without
// evidence: a waived finding neither blocks nor counts as evidence).
Verdict verdict_of(const std::vector<Finding>& findings);

// Whether `id` is one of check::kAll; whether it is one of check::kNeverWaived.
bool is_check_id(std::string_view id);
bool never_waived(std::string_view id);

}  // namespace attest
