// opengear: `cat /etc/version`, the config model and `showserial`, through the registry.
#include "profile_target.hpp"

ATTEST_FUZZ_PROFILE("opengear",
                    {"im7216-4.13.0.txt", {"Opengear", "IM7216-2-24E-DAC", "72162311004117", "4.13.0"}},
                    {"cm7148-4.12.1.txt", {"Opengear", "CM7148-2-DAC", "71482008003391", "4.12.1"}},
                    {"acm7004-4.13.0.txt", {"Opengear", "ACM7004-2-LMV", "70042107011850", "4.13.0"}})
