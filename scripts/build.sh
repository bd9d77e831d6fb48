#!/usr/bin/env bash
# Configures and builds into build/ (warnings are errors). Extra args go to cmake configure,
# e.g. scripts/build.sh -DATTEST_SANITIZE=ON. ATTEST_BUILD_TARGETS="a b" builds only those targets.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${ATTEST_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -DATTEST_WERROR=ON "$@" >/dev/null
targets=()
for t in ${ATTEST_BUILD_TARGETS:-}; do targets+=(--target "$t"); done
cmake --build "$build_dir" -j"$(nproc)" "${targets[@]}"
