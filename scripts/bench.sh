#!/usr/bin/env bash
# Builds the benchmarks (optimized, in build-bench/ unless ATTEST_BENCH_DIR is set)
# and runs them. Figures go to stdout; arguments go to bench_quote_verify
# (e.g. --seconds 3 --checkquote-runs 50).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${ATTEST_BENCH_DIR:-build-bench}
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DATTEST_TESTS=OFF >/dev/null
fi
cmake --build "$build" -j2 --target bench_quote_verify >/dev/null
"$build/bin/bench_quote_verify" "$@"
