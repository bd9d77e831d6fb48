#!/usr/bin/env bash
# Builds the benchmarks (optimized, in build-bench/ unless ATTEST_BENCH_DIR is set)
# and runs one. Figures go to stdout; nothing here is a pass/fail test.
#   scripts/bench.sh [quote] [ARGS]   quote verifications per second (bench_quote_verify ARGS,
#                                     e.g. --seconds 3 --checkquote-runs 50); the default
#   scripts/bench.sh site [OPTIONS]   attest rack against N lab devices beside the ssh,
#                                     asyncssh and Netmiko baselines (scripts/bench/site.py
#                                     --help; needs scripts/install-deps.sh --bench)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${ATTEST_BENCH_DIR:-build-bench}
mode=quote
case "${1:-}" in
  quote | site) mode=$1; shift ;;
esac
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DATTEST_TESTS=OFF >/dev/null
fi
if [ "$mode" = quote ]; then
  cmake --build "$build" -j2 --target bench_quote_verify >/dev/null
  exec "$build/bin/bench_quote_verify" "$@"
fi
cmake --build "$build" -j2 --target attest attest-lab >/dev/null
# Thousands of devices: every connection is a descriptor in attest and in the lab.
ulimit -n "$(ulimit -Hn)"
PYTHONDONTWRITEBYTECODE=1 exec /usr/bin/python3 scripts/bench/site.py --bin "$build/bin" --work "$build/bench-site" "$@"
