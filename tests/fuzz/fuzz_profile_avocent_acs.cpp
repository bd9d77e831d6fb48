// avocent-acs: `show /system/information` ("key: value"), through the registry.
#include "profile_target.hpp"

ATTEST_FUZZ_PROFILE("avocent-acs", {"acs6048-3.8.0.9.txt", {"Vertiv", "ACS6048", "0520351287", "3.8.0.9"}},
                    {"acs6016-3.6.0.4.txt", {"Vertiv", "ACS6016", "0511442210", "3.6.0.4"}},
                    {"acs8048-2.20.0.7-root.txt", {"Vertiv", "ACS8048", "0011223344", "2.20.0.7"}})
