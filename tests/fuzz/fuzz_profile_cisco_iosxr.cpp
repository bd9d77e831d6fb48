// cisco-iosxr: `show version` (IOS XR Software, Version) and `show inventory` (NAME/PID/SN entries).
#include "profile_target.hpp"

ATTEST_FUZZ_PROFILE("cisco-iosxr", {"8202-7.9.2.txt", {"Cisco", "8202-32FH-M", "FLM2741A0QK", "7.9.2"}},
                    {"asr9006-6.1.4.txt", {"Cisco", "ASR-9006-AC-V2", "FOX2118P3T9", "6.1.4"}})
