#!/usr/bin/env bash
# Installs what is missing (with the test-only packages), builds, and runs every
# test (unit, lab integration, OpenSSH/dropbear/paramiko interop, report.html in
# headless Chromium) plus the demo itself; then builds again with AddressSanitizer
# and UBSan (build-asan/) and runs the unit and integration suites under them.
# ATTEST_SKIP_SANITIZE=1 skips the second half (a quick local run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
scripts/build.sh
(cd build && ctest --output-on-failure -j2 --timeout 300)

[ "${ATTEST_SKIP_SANITIZE:-}" = 1 ] && exit 0
ATTEST_BUILD_DIR=build-asan scripts/build.sh -DATTEST_SANITIZE=ON -DATTEST_FUZZ_REPLAY=OFF
cd build-asan
# Any sanitizer report fails its test. The fuzz replays are left to the
# first pass and to scripts/fuzz.sh (clang, libFuzzer, the same sanitizers).
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:strict_string_checks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
ctest --output-on-failure -j2 --timeout 600
