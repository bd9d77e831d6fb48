// lantronix-slc: `admin show` ("Key: value"), through the registry.
#include "profile_target.hpp"

ATTEST_FUZZ_PROFILE("lantronix-slc",
                    {"slc8048-8.3.0.0R2.txt", {"Lantronix", "SLC80482201S", "0480-2201-A3F7", "8.3.0.0R2"}},
                    {"slc8016-7.4.0.0R8.txt", {"Lantronix", "SLC80162201S", "0160-2201-B118", "7.4.0.0R8"}})
