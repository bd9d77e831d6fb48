// juniper-junos: `show version` / `show chassis hardware` as JSON, through the registry.
#include "profile_target.hpp"

ATTEST_FUZZ_PROFILE("juniper-junos",
                    {"ex4300-48t-22.4R3-S2.txt", {"Juniper", "ex4300-48t", "PE3716290012", "22.4R3-S2"}},
                    {"ex4300-48p-vc-21.4R3-S3.4.txt", {"Juniper", "ex4300-48p", "PE3719110877", "21.4R3-S3.4"}},
                    {"srx240h2-12.1X47-D20.7.txt", {"Juniper", "srx240h2", "AU2013AF0123", "12.1X47-D20.7"}},
                    {"qfx5120-23.2R1.14.txt", {"Juniper", "qfx5120-48y-8c", "WS3720310458", "23.2R1.14"}})
