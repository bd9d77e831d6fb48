#!/usr/bin/env bash
# Builds the fuzz targets with clang's libFuzzer + ASan + UBSan into build-fuzz/
# and runs each for SECONDS (default 60) over its seed corpus. Not run in CI;
# the regular build replays the same corpora (ctest -L fuzz).
#   usage: scripts/fuzz.sh [SECONDS] [TARGET...]   (targets: tests/fuzz/fuzz_<name>.cpp)
# New coverage goes to build-fuzz/fuzz-corpus/<name>/, crashes to
# build-fuzz/fuzz-artifacts/<name>/: fix the parser, then commit the crashing
# input to tests/fuzz/corpus/<name>/ so every build replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
[ $# -gt 0 ] && shift
build=${ATTEST_FUZZ_BUILD_DIR:-build-fuzz}

CC=${CC:-clang} CXX=${CXX:-clang++} cmake -S . -B "$build" -DATTEST_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" --target fuzz_targets

if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for f in tests/fuzz/fuzz_*.cpp; do n=${f#tests/fuzz/fuzz_}; targets+=("${n%.cpp}"); done
fi

failed=()
for name in "${targets[@]}"; do
  corpus=$build/fuzz-corpus/$name artifacts=$build/fuzz-artifacts/$name
  mkdir -p "$corpus" "$artifacts"
  echo "== fuzz_$name: ${seconds}s"
  # -timeout: an input that takes seconds is a denial of service, reported like a crash.
  if ! "$build/bin/fuzz_$name" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
       -artifact_prefix="$artifacts/" "$corpus" "tests/fuzz/corpus/$name" 2>"$build/fuzz-$name.log"; then
    failed+=("$name")
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|^==[0-9]+==ERROR|SUMMARY" "$build/fuzz-$name.log" || true
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "crashed: ${failed[*]} (inputs in $build/fuzz-artifacts/, logs in $build/fuzz-<name>.log)"
  exit 1
fi
echo "no crash in ${#targets[@]} targets"
