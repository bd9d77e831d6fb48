#!/usr/bin/env bash
# Installs what is missing (with the test-only packages), builds, and runs every
# test (unit, lab integration, OpenSSH interop, report.html in headless Chromium)
# plus the demo itself.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
scripts/build.sh
cd build
ctest --output-on-failure -j2 --timeout 300
