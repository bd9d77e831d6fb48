// cisco-nxos: `show version` and `show inventory`, through the registry.
#include "profile_target.hpp"

ATTEST_FUZZ_PROFILE("cisco-nxos",
                    {"n9k-c93180yc-fx-10.3.4a.txt", {"Cisco", "N9K-C93180YC-FX", "FDO23120ABC", "10.3(4a)"}},
                    {"n9k-c9332c-9.3.10.txt", {"Cisco", "N9K-C9332C", "FDO22450K1M", "9.3(10)"}},
                    {"n3k-c3172pq-7.0.3.I4.3.txt", {"Cisco", "N3K-C3172PQ-10GE", "FOC1827R0SJ", "7.0(3)I4(3)"}})
