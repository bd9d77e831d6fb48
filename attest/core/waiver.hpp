// Signed waivers (`attest.waivers/v1`): an approver's acceptance, for a time,
// of one known finding on a device or a rack. See engine/waivers.hpp for how
// they apply and README "Waivers" for the file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace attest {

// At most this long between a waiver's approval and its expiry.
inline constexpr std::int64_t kMaxWaiverSeconds = 90LL * 24 * 3600;

struct Waiver {
  std::string id;
  std::string device;  // exactly one of device and rack is set
  std::string rack;
  std::string check;   // a check id (finding.hpp)
  // The finding it accepts: its rule equal to match_rule, and/or its detail
  // containing match_detail. At least one is set.
  std::string match_rule;
  std::string match_detail;
  std::string justification;
  std::string approver;
  std::string ticket;
  std::string approved;  // RFC 3339 UTC, as written
  std::string expires;
  std::int64_t approved_at = 0;  // seconds since the epoch
  std::int64_t expires_at = 0;
  std::string pointer;  // where it is in the file (/waivers/3), for messages
};

struct WaiverFile {
  std::string site;
  std::vector<Waiver> waivers;
};

}  // namespace attest
