// sonic: `show version` (platform, HwSKU, serial, version), through the registry.
#include "profile_target.hpp"

ATTEST_FUZZ_PROFILE("sonic",
                    {"as7326-56x-202305.1.txt", {"SONiC", "Accton-AS7326-56X", "732656X1935030", "202305.1-7995b757b"}},
                    {"sn2700-head.txt", {"SONiC", "Mellanox-SN2700-D48C8", "MT1822K07815", "HEAD.1.2.0-7995b757b"}})
