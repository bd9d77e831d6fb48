// cumulus-nvue: NVUE tables (`nv show system`, `nv show platform [hardware]`) and NCLU `net show system`.
#include "profile_target.hpp"

ATTEST_FUZZ_PROFILE("cumulus-nvue", {"sn2700-5.9.1.txt", {"NVIDIA", "MSN2700", "MT2106X07711", "5.9.1"}},
                    {"as5812-4.1.0-nclu.txt", {"NVIDIA", "Accton AS5812-54X", "581254X1838021", "4.1.0"}})
