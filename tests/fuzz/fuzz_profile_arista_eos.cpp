// arista-eos: `show version | json` (bare JSON or a capture), through the registry.
#include "profile_target.hpp"

ATTEST_FUZZ_PROFILE("arista-eos",
                    {"dcs-7050cx3-4.30.1F.json", {"Arista", "DCS-7050CX3-32S-R", "JPE21483312", "4.30.1F"}},
                    {"dcs-7280sr-4.28.3M.txt", {"Arista", "DCS-7280SR-48C6-M-R", "SSJ18420917", "4.28.3M"}},
                    {"dcs-7150s-4.15.5M.txt", {"Arista", "DCS-7150S-52-CL-F", "JPE14140235", "4.15.5M"}})
