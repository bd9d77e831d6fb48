// aruba-aoscx: `show version` (Version) and `show system` (Product Name, Chassis Serial Nbr).
#include "profile_target.hpp"

ATTEST_FUZZ_PROFILE("aruba-aoscx", {"6300f-FL.10.13.1000.txt", {"Aruba", "JL665A", "SG13KMX0AB", "FL.10.13.1000"}},
                    {"8325-GL.10.06.0110.txt", {"Aruba", "JL627A", "TW02KM7014", "GL.10.06.0110"}})
