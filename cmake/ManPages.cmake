# Script mode (cmake -P), run by the attest_man target: one man page for
# attest(1) and one per command group (attest-rack(1), ...), each made by
# help2man from that command's own --help. The command list and each page's
# one-line description come from `attest --help` itself.
#   -DATTEST=<attest binary> -DHELP2MAN=<help2man> -DVERSION=<x.y.z> -DOUT=<dir>
file(MAKE_DIRECTORY "${OUT}/wrap")
execute_process(COMMAND "${ATTEST}" --help OUTPUT_VARIABLE overview RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${ATTEST} --help exited ${rc}")
endif()

function(make_page program name page)
  execute_process(COMMAND "${HELP2MAN}" --no-info --no-discard-stderr "--version-string=${VERSION}"
                          "--name=${name}" "--output=${OUT}/${page}.1" "${program}"
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "help2man for ${page} failed: ${err}")
  endif()
endfunction()

string(REPLACE "\n" ";" lines "${overview}")
set(commands "")
foreach(line IN LISTS lines)
  # "  rack       run the gate over an inventory's devices and write report.json"
  if(line MATCHES "^  ([a-z][a-z-]*)  +(.+)$")
    set(command "${CMAKE_MATCH_1}")
    set(summary "${CMAKE_MATCH_2}")
    list(APPEND commands "${command}")
    # help2man runs the program it is given: a wrapper is `attest <command>`.
    set(wrapper "${OUT}/wrap/attest-${command}")
    file(WRITE "${wrapper}" "#!/bin/sh\nexec \"${ATTEST}\" ${command} \"$@\"\n")
    file(CHMOD "${wrapper}" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
    make_page("${wrapper}" "${summary}" "attest-${command}")
  endif()
endforeach()
if(NOT commands)
  message(FATAL_ERROR "no commands found in `attest --help`")
endif()
make_page("${ATTEST}" "gate for new datacenter hardware before it goes into production" "attest")
