// Numbers and durations as a person reads them on a terminal: "1,000",
// "2.8 s", "3 min 05 s". Knows nothing of devices or runs.
#pragma once

#include <cstdint>
#include <string>

#include "attest/util/clock.hpp"

namespace attest {

// 1000 -> "1,000"; 12 -> "12".
std::string group_thousands(std::uint64_t n);

// Under 10 s to a tenth ("0.3 s", "9.9 s"), then whole seconds ("42 s"),
// minutes and seconds ("3 min 05 s"), hours and minutes ("2 h 07 min").
// A negative duration reads as "0.0 s".
std::string human_duration(Millis d);

}  // namespace attest
