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
};

// Clock skew tolerated for a report that finished "in the future".
inline constexpr std::int64_t kMaxClockSkewSeconds = 300;

PromotionDecision decide_promotion(const nlohmann::json& report, const PromotionQuery& query);

}  // namespace attest
