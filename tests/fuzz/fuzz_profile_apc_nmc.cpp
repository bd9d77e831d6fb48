// apc-nmc: the NMC's `about` (hardware block, AOS block), through the registry.
#include "profile_target.hpp"

ATTEST_FUZZ_PROFILE("apc-nmc",
                    {"ap8853-nmc2-6.9.6.txt", {"APC", "AP8853", "5A1932E04417", "v6.9.6"}},
                    {"ap8959-nmc2-6.4.6.txt", {"APC", "AP8959EU3", "3A1710E01163", "v6.4.6"}},
                    {"apdu9941-nmc3-2.5.0.6.txt", {"APC", "APDU9941", "ZA2217012345", "v2.5.0.6"}})
