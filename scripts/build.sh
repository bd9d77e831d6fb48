#!/usr/bin/env bash
# Configures and builds into build/ (warnings are errors). Extra args go to cmake configure,
# e.g. scripts/build.sh -DATTEST_SANITIZE=ON
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${ATTEST_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -DATTEST_WERROR=ON "$@" >/dev/null
cmake --build "$build_dir" -j"$(nproc)"
