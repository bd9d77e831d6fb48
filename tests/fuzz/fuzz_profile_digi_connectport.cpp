// digi-connectport: NET+OS `info device` ("Key : value"), through the registry.
#include "profile_target.hpp"

ATTEST_FUZZ_PROFILE("digi-connectport",
                    {"ts16-82002549_K.txt", {"Digi", "ConnectPort TS 16", "00:40:9D:52:E1:07", "82002549_K"}},
                    {"ts8-82001526_F1.txt", {"Digi", "ConnectPort TS 8", "00:40:9D:24:48:E6", "82001526_F1"}})
