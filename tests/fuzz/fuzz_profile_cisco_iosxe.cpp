// cisco-iosxe: `show version` (stacks, zero-padded versions), through the registry.
#include "profile_target.hpp"

ATTEST_FUZZ_PROFILE("cisco-iosxe",
                    {"c9300-stack-17.09.04a.txt", {"Cisco", "C9300-48P", "FOC2211X0AB", "17.09.04a"}},
                    {"c9300-24t-16.12.04.txt", {"Cisco", "C9300-24T", "FCW2233G0Q1", "16.12.04"}},
                    {"isr4431-17.03.04a.txt", {"Cisco", "ISR4431/K9", "FLM2245W0QH", "17.03.04a"}},
                    {"c2960x-15.2.7E3.txt", {"Cisco", "WS-C2960X-48FPD-L", "FOC1951X1ZB", "15.2(7)E3"}})
