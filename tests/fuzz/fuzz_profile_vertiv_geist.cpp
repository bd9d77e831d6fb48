// vertiv-geist: IMD-03 `system info`, through the registry.
#include "profile_target.hpp"

ATTEST_FUZZ_PROFILE("vertiv-geist",
                    {"gu2-imd03e-6.1.2.txt", {"Vertiv", "VP8858NA3-0000", "0GS2231PB04411", "6.1.2"}},
                    {"gu1-imd03-5.10.0.txt", {"Vertiv", "GU1H2L30R1-24C13:6C19-2PS56", "0GS1847PA01219", "5.10.0"}},
                    {"gu1-imd03-5.4.3.txt", {"Vertiv", "GU1H1R3N1-32C13:4C19-1PS32", "0GS1712PA00871", "5.4.3"}})
