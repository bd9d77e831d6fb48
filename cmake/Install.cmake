# The install rules and the .deb (CPack); the layout is in cmake/Layout.cmake.
install(TARGETS attest attest-lab RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY firmware-db inventory DESTINATION ${CMAKE_INSTALL_DATADIR}/attest)
install(FILES scripts/completion/attest.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
  RENAME attest)
install(FILES README.md LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR})

# Man pages, generated from each command's own --help (so they cannot drift
# from it) once attest is built. Without help2man the build still succeeds and
# installs no pages (scripts/install-deps.sh installs it).
find_program(HELP2MAN help2man)
if(HELP2MAN)
  set(attest_man_dir "${CMAKE_BINARY_DIR}/man")
  add_custom_command(OUTPUT "${attest_man_dir}/attest.1"
    COMMAND ${CMAKE_COMMAND} -DATTEST=$<TARGET_FILE:attest> -DHELP2MAN=${HELP2MAN}
            -DVERSION=${PROJECT_VERSION} -DOUT=${attest_man_dir} -P ${PROJECT_SOURCE_DIR}/cmake/ManPages.cmake
    DEPENDS attest ${PROJECT_SOURCE_DIR}/cmake/ManPages.cmake
    COMMENT "man pages from attest --help" VERBATIM)
  add_custom_target(attest_man ALL DEPENDS "${attest_man_dir}/attest.1")
  install(DIRECTORY "${attest_man_dir}/" DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 FILES_MATCHING PATTERN "*.1")
else()
  message(STATUS "help2man not found: no man pages (apt-get install help2man)")
endif()

# `cpack -G DEB` (in the build directory) makes attest_<version>_<arch>.deb:
# shared-library dependencies from dpkg-shlibdeps (libssh2 is linked
# statically when Debian's is too old), swtpm for the lab's TPMs.
set(CPACK_PACKAGE_NAME attest)
set(CPACK_PACKAGE_VENDOR "attest")
set(CPACK_PACKAGE_CONTACT "attest maintainers <attest@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "gate for new datacenter hardware: default credentials, firmware, identity, TPM quotes")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "swtpm, swtpm-tools")
# The lab's SNMP devices run Debian's snmpd; attest itself needs only libsnmp (shlibdeps).
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "snmpd")
set(CPACK_STRIP_FILES ON)
include(CPack)
