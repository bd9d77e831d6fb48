# Warnings and hardening as INTERFACE targets, linked only by our own targets,
# so that third-party headers and flags stay out of the global flag soup.
add_library(attest_warnings INTERFACE)
target_compile_options(attest_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Woverloaded-virtual -Wconversion -Wsign-conversion
  -Wformat=2 -Wimplicit-fallthrough)
# Not -Wnull-dereference: at -O2 GCC 12 reports it inside inlined Boost and
# libstdc++ code (false positives we cannot fix at the source).
if(ATTEST_WERROR)
  target_compile_options(attest_warnings INTERFACE -Werror)
endif()

add_library(attest_hardening INTERFACE)
target_compile_options(attest_hardening INTERFACE
  -fstack-protector-strong -fPIE -D_GLIBCXX_ASSERTIONS
  $<$<NOT:$<CONFIG:Debug>>:-D_FORTIFY_SOURCE=2>)
target_link_options(attest_hardening INTERFACE -pie -Wl,-z,relro,-z,now)

if(ATTEST_SANITIZE)
  # GCC 12's object-size warnings misfire on libstdc++ code instrumented by
  # ASan (a vector::resize "exceeding" the maximum object size): kept as
  # warnings there; the uninstrumented build still treats them as errors.
  target_compile_options(attest_warnings INTERFACE
    -Wno-error=stringop-overflow -Wno-error=array-bounds -Wno-error=restrict -Wno-error=stringop-overread)
  target_compile_options(attest_hardening INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
  target_link_options(attest_hardening INTERFACE -fsanitize=address,undefined)
endif()

# ThreadSanitizer builds (scripts/test.sh runs the concurrency suites under
# it): the event loop's fibers are announced to TSan (ssh/fiber.cpp), so
# each device's code is checked as its own logical thread.
if(ATTEST_TSAN)
  if(ATTEST_SANITIZE)
    message(FATAL_ERROR "ATTEST_TSAN and ATTEST_SANITIZE (ASan) cannot be combined")
  endif()
  target_compile_options(attest_hardening INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
  target_link_options(attest_hardening INTERFACE -fsanitize=thread)
endif()

# libFuzzer builds (scripts/fuzz.sh): every library of ours is instrumented
# for coverage and checked by ASan + UBSan (any UB report is fatal); the fuzz
# targets themselves add -fsanitize=fuzzer (tests/fuzz/CMakeLists.txt).
if(ATTEST_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "ATTEST_FUZZ needs clang: CC=clang CXX=clang++ (see scripts/fuzz.sh)")
  endif()
  target_compile_options(attest_hardening INTERFACE -fsanitize=fuzzer-no-link,address,undefined
                         -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(attest_hardening INTERFACE -fsanitize=address,undefined)
endif()

add_library(attest_settings INTERFACE)
target_link_libraries(attest_settings INTERFACE attest_warnings attest_hardening)
target_include_directories(attest_settings INTERFACE ${PROJECT_SOURCE_DIR})
