# Every dependency comes from a Debian package (scripts/install-deps.sh installs them),
# except libssh2 on Debian 12: see cmake/Libssh2.cmake.
find_package(PkgConfig REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(Threads REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS program_options)
find_package(CURL 7.85 REQUIRED)  # NetBox import: CURLOPT_PROTOCOLS_STR
include(${CMAKE_CURRENT_LIST_DIR}/Libssh2.cmake)
pkg_check_modules(LIBSSH REQUIRED IMPORTED_TARGET libssh)
pkg_check_modules(NETSNMP REQUIRED IMPORTED_TARGET netsnmp)  # SNMP default-community probes
if(ATTEST_TESTS)
  find_package(doctest REQUIRED)
endif()
pkg_check_modules(TSS2_MU REQUIRED IMPORTED_TARGET tss2-mu)
pkg_check_modules(TSS2_ESYS REQUIRED IMPORTED_TARGET tss2-esys)
pkg_check_modules(TSS2_TCTILDR REQUIRED IMPORTED_TARGET tss2-tctildr)
pkg_check_modules(TSS2_RC REQUIRED IMPORTED_TARGET tss2-rc)
