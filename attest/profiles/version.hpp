// Version ordering per scheme. Versions stay strings in evidence; these
// functions only order them. Pure, tested with the odd strings seen in the wild.
#pragma once

#include <string_view>

#include "attest/util/result.hpp"

namespace attest {

// Known schemes: "cisco-ios" (IOS/IOS-XE: 16.12.04 == 16.12.4, 17.9.4a > 17.9.4),
// "cisco-nxos" (9.3(10) > 9.3(9), 7.0(3)I4(3)), "arista-eos" (4.30.1F),
// "junos" (22.4R3-S2 > 22.4R3, 21.4R3-S3.4, 12.1X47-D20.7), "sonic",
// "opengear", "dotted" (generic numeric dotted, e.g. Debian "12" or "2.7.1"),
// "avocent-acs" (3.8.0.9), "lantronix-slc" (8.3.0.0R2 > 8.3.0.0R1),
// "digi-dal" (24.3.28.88: year.month.day.build), "digi-netos" (82002549_K).
// "dell-os10" (10.5.4.2, 10.4.0E(R3P2)), "cumulus" (5.9.1), "aoscx"
// (FL.10.13.1000: platform code first), "cisco-iosxr" (7.9.2 < 24.1.1).
// "digi-dal" (24.3.28.88: year.month.day.build), "digi-netos" (82002549_K),
// "apc-aos" (v6.9.6 == 6.9.6), "raritan" (3.5.0.5-46780), "servertech"
// (8.0p > 8.0, the letter a patch level), "geist" (dotted, 5.10.0 > 5.9.2).
bool is_known_scheme(std::string_view scheme);

// <0, 0, >0 like strcmp; an Error (kind parse) when either version is not
// valid in the scheme, or the scheme is unknown.
Result<int> compare_versions(std::string_view scheme, std::string_view a, std::string_view b);

// Whether `version` parses in `scheme` (for `attest db lint`).
bool is_valid_version(std::string_view scheme, std::string_view version);

}  // namespace attest
