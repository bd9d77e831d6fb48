# Sourced by this suite's scripts after `set -u`, with ATTEST_BINARY SOURCE_DIR
# as arguments: the fixture report, a temp dir removed on exit, checks.sh.
attest=$1 src=$2
here=$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)
fixture=$src/tests/fixtures/reports/demo-report.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$here/../../support/checks.sh"
