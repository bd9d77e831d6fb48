# Where `cmake --install` puts things (cmake/Install.cmake has the rules), and the same
# layout inside the build tree.
#
#   <prefix>/bin/attest, attest-lab
#   <prefix>/share/attest/firmware-db/      the golden DB as shipped (unsigned: sign your copy)
#   <prefix>/share/attest/inventory/        the example inventory, its schema, the demo rack
#   <prefix>/share/man/man1/attest*.1       one page per command group (help2man, from --help)
#   <prefix>/share/bash-completion/completions/attest
#   <prefix>/share/doc/attest/              README.md, LICENSE
#
# The binaries find the data relative to themselves (ATTEST_DATA_RELATIVE), never through a
# path compiled in: the build tree mirrors the layout with links into the source tree.
include(GNUInstallDirs)

file(RELATIVE_PATH attest_data_relative
  "${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}" "${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DATADIR}/attest")

set(attest_build_data "${CMAKE_RUNTIME_OUTPUT_DIRECTORY}/${attest_data_relative}")
file(MAKE_DIRECTORY "${attest_build_data}")
foreach(dir firmware-db inventory)
  if(NOT EXISTS "${attest_build_data}/${dir}")
    file(CREATE_LINK "${PROJECT_SOURCE_DIR}/${dir}" "${attest_build_data}/${dir}" SYMBOLIC)
  endif()
endforeach()

