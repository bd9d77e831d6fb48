// raritan-px: Xerus `show pdu details`, through the registry.
#include "profile_target.hpp"

ATTEST_FUZZ_PROFILE("raritan-px",
                    {"px3-5260r-4.0.20.5-47974.txt", {"Raritan", "PX3-5260R", "QFA3A00412", "4.0.20.5-47974"}},
                    {"px2-4724-3.5.0.5-46780.txt", {"Raritan", "PX2-4724-E2N1K2", "PKE1B00237", "3.5.0.5-46780"}},
                    {"px3-5190r-3.3.10.5-43736.txt", {"Raritan", "PX3-5190R", "QFA1A00933", "3.3.10.5-43736"}})
