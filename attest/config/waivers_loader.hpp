// Reading and validating waivers.json (`attest.waivers/v1`). The signature
// is checked by the caller (cli/rack_run.cpp); this is the file's content,
// judged against the inventory it will apply to.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "attest/core/inventory.hpp"
#include "attest/core/waiver.hpp"
#include "attest/util/result.hpp"

namespace attest {

inline constexpr const char* kWaiversSchema = "attest.waivers/v1";
inline constexpr std::size_t kMaxWaiversBytes = 4u << 20;

// Every waiver must name a device or rack of `inventory` (exactly one), a
// known check that may be waived, a match, a justification, an approver, a
// ticket, an approval time and an expiry at most 90 days after it; ids are
// unique; the site is the inventory's. Errors name file and pointer (exit 2).
[[nodiscard]] Result<WaiverFile> parse_waivers(std::string_view text, const std::string& file,
                                               const Inventory& inventory);

}  // namespace attest
