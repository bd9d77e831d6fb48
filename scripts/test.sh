#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (unit, lab integration,
# OpenSSH interop) plus the demo itself.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
cd build
ctest --output-on-failure -j2 --timeout 300
