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
  target_compile_options(attest_hardening INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
  target_link_options(attest_hardening INTERFACE -fsanitize=address,undefined)
endif()

add_library(attest_settings INTERFACE)
target_link_libraries(attest_settings INTERFACE attest_warnings attest_hardening)
target_include_directories(attest_settings INTERFACE ${PROJECT_SOURCE_DIR})
