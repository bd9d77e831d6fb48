#!/usr/bin/env bash
# One command for a site engineer: install what is missing, build, and run the
# gate against the emulated demo rack. Exit 0 when exactly the planted devices
# were blocked.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
exec build/bin/attest demo "$@"
