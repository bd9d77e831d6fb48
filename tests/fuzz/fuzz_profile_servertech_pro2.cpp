// servertech-pro2: Sentry `show system` in the 8.x and 7.x layouts, through the registry.
#include "profile_target.hpp"

ATTEST_FUZZ_PROFILE("servertech-pro2",
                    {"pro2-c2wg36-8.0p.txt", {"Server Technology", "C2WG36MM-DCFE2M66/C", "ABEF0001234", "8.0p"}},
                    {"pro3x-c2x36-8.2k.txt", {"Server Technology", "C2X36VS-DCFE2M66/C", "AFEJ0007711", "8.2k"}},
                    {"cw24v-7.0k.txt", {"Server Technology", "CW-24V2-L30M", "ZAAK0102234", "7.0k"}})
