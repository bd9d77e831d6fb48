// digi-connect-it: DAL `show system` ("Key : value"), through the registry.
#include "profile_target.hpp"

ATTEST_FUZZ_PROFILE("digi-connect-it",
                    {"connectit16-24.3.28.88.txt", {"Digi", "Digi Connect IT 16", "CIT16-000187", "24.3.28.88"}},
                    {"connectit48-20.5.38.37.txt", {"Digi", "Digi Connect IT 48", "CIT48-000042", "20.5.38.37"}})
