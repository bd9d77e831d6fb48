# libssh2 >= 1.11 as the target attest::libssh2. 1.10 (Debian 12) lacks the
# encrypt-then-MAC MACs, AES-GCM and rsa-sha2 that hardened servers insist on.
# Order: the system's (pkg-config) when new enough; else the static build that
# scripts/install-deps.sh makes in the build tree (or -DATTEST_LIBSSH2_ROOT=<prefix>);
# else configuring fails and says what to run.
set(ATTEST_LIBSSH2_MIN 1.11)
set(ATTEST_LIBSSH2_ROOT "" CACHE PATH "Prefix of a static libssh2 >= ${ATTEST_LIBSSH2_MIN} (include/, lib/libssh2.a)")

pkg_check_modules(LIBSSH2 QUIET IMPORTED_TARGET libssh2>=${ATTEST_LIBSSH2_MIN})
if(LIBSSH2_FOUND AND NOT ATTEST_LIBSSH2_ROOT)
  add_library(attest::libssh2 ALIAS PkgConfig::LIBSSH2)
  set(ATTEST_LIBSSH2_ORIGIN "system ${LIBSSH2_VERSION}")
else()
  # scripts/install-deps.sh builds into ${ATTEST_BUILD_DIR:-build}; a build tree
  # elsewhere (cmake -B b) finds that one too.
  set(_attest_libssh2_hints ${ATTEST_LIBSSH2_ROOT})
  if(NOT ATTEST_LIBSSH2_ROOT)
    list(APPEND _attest_libssh2_hints ${CMAKE_BINARY_DIR}/third_party/libssh2/install
         ${PROJECT_SOURCE_DIR}/build/third_party/libssh2/install)
  endif()
  find_path(ATTEST_LIBSSH2_INCLUDE_DIR libssh2.h PATHS ${_attest_libssh2_hints} PATH_SUFFIXES include NO_DEFAULT_PATH)
  find_library(ATTEST_LIBSSH2_LIBRARY NAMES libssh2.a PATHS ${_attest_libssh2_hints} PATH_SUFFIXES lib NO_DEFAULT_PATH)
  if(ATTEST_LIBSSH2_INCLUDE_DIR)
    file(STRINGS ${ATTEST_LIBSSH2_INCLUDE_DIR}/libssh2.h _attest_libssh2_version_line
         REGEX "^#define LIBSSH2_VERSION +\"[0-9.]+")
    string(REGEX MATCH "[0-9]+\\.[0-9]+(\\.[0-9]+)?" _attest_libssh2_version "${_attest_libssh2_version_line}")
  endif()
  if(NOT ATTEST_LIBSSH2_LIBRARY OR NOT ATTEST_LIBSSH2_INCLUDE_DIR
     OR _attest_libssh2_version VERSION_LESS ${ATTEST_LIBSSH2_MIN})
    pkg_check_modules(_attest_system_libssh2 QUIET libssh2)
    set(_attest_system "none")
    if(_attest_system_libssh2_FOUND)
      set(_attest_system "${_attest_system_libssh2_VERSION}")
    endif()
    message(FATAL_ERROR "attest needs libssh2 >= ${ATTEST_LIBSSH2_MIN}; the system's is ${_attest_system}. Run scripts/install-deps.sh (it builds libssh2 1.11.1 into "
            "build/third_party/libssh2), or pass -DATTEST_LIBSSH2_ROOT=<prefix of a libssh2 >= ${ATTEST_LIBSSH2_MIN}>.")
  endif()
  add_library(attest::libssh2 INTERFACE IMPORTED)
  # A static archive: OpenSSL must follow it on the link line.
  target_link_libraries(attest::libssh2 INTERFACE ${ATTEST_LIBSSH2_LIBRARY} OpenSSL::SSL OpenSSL::Crypto)
  target_include_directories(attest::libssh2 SYSTEM INTERFACE ${ATTEST_LIBSSH2_INCLUDE_DIR})
  set(ATTEST_LIBSSH2_ORIGIN "static ${_attest_libssh2_version} from ${ATTEST_LIBSSH2_LIBRARY}")
endif()
message(STATUS "libssh2: ${ATTEST_LIBSSH2_ORIGIN}")
