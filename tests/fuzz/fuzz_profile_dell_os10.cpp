// dell-os10: `show version` (OS Version, System Type) and `show inventory` (product, service tag).
#include "profile_target.hpp"

ATTEST_FUZZ_PROFILE("dell-os10", {"s5248f-10.5.4.2.txt", {"Dell", "S5248F-ON", "7QLM3K2", "10.5.4.2"}},
                    {"s4048-10.4.3.4.txt", {"Dell", "S4048ON", "9BX1FN2", "10.4.3.4"}})
