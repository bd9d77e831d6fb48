// `attest gate`: may this device be promoted to production? Pure: from a
// report whose signature the caller already verified, the question, and the
// current time, to a decision with every reason against it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace attest {

struct PromotionQuery {
  std::string device;
  std::int64_t now = 0;      // seconds since the epoch
  std::int64_t max_age = 0;  // seconds a report stays valid after it finished
  std::string site;          // empty: any site
  std::vector<std::string> trusted_db_key_ids;  // empty: whatever DB key the run trusted
};

struct PromotionDecision {
  bool promote = false;
  std::vector<std::string> reasons;  // empty exactly when promote
  std::vector<std::string> waivers;  // the waivers the device's waived findings rest on, for people
  std::vector<std::string> vantages;  // the vantages whose reports prove the device unreachable
};

// Clock skew tolerated for a report that finished "in the future".
inline constexpr std::int64_t kMaxClockSkewSeconds = 300;

// The rack run's report: everything above. A vantage report (`attest
// exposure`) is refused here: it proves reachability only.
PromotionDecision decide_promotion(const nlohmann::json& report, const PromotionQuery& query);

// One vantage report (`attest exposure`, signature already verified) for the
// same query: it must be a vantage report, for the rack report's site
// (`site`), fresh, complete, and show the device's management-acl passed,
// i.e. every management endpoint unreachable from that vantage. Each reason
// is prefixed with `label` (the file and the vantage).
std::vector<std::string> vantage_reasons(const nlohmann::json& vantage_report, const std::string& site,
                                         const PromotionQuery& query, const std::string& label);

}  // namespace attest
