// generic-linux: /etc/os-release and the DMI files, through the registry.
#include "profile_target.hpp"

ATTEST_FUZZ_PROFILE("generic-linux",
                    {"debian12-poweredge-r650.txt", {"Dell Inc.", "PowerEdge R650", "7XK2QH3", "12"}},
                    {"ubuntu2204-supermicro.txt", {"Supermicro", "SSG-6049P-E1CR36L", "A328458X9A14021", "22.04"}},
                    {"rocky9-proliant-dl360.txt", {"HPE", "ProLiant DL360 Gen10", "CZJ9330ABC", "9.3"}},
                    {"whitebox-empty-sys-vendor.txt", {"Debian GNU/Linux", "MX3-E2288G", "MX3E2288G-0004417", "12"}})
