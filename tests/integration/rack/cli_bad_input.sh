#!/usr/bin/env bash
# Bad input gets one clear line naming the file and field, exit code 2, and
# no report written. Usage: cli_bad_input.sh ATTEST_BINARY SOURCE_DIR
set -u
attest=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/../../support/checks.sh"


demo=$src/inventory/demo
cp "$demo/secrets.json" "$tmp/secrets.json"; chmod 600 "$tmp/secrets.json"
cp "$demo/secrets.json" "$tmp/open-secrets.json"; chmod 644 "$tmp/open-secrets.json"
run() { "$attest" rack --db "$src/firmware-db" --allow-unsigned-db --out "$tmp/out" "$@"; }

expect 2 "0600" -- run --inventory "$demo/inventory.json" --secrets "$tmp/open-secrets.json"
expect 2 "no-such.json" -- run --inventory "$tmp/no-such.json" --secrets "$tmp/secrets.json"
sed 's/"profile": "sonic"/"profile": "no-such-os"/' "$demo/inventory.json" >"$tmp/bad-profile.json"
expect 2 "/racks/0/devices/6/profile" -- run --inventory "$tmp/bad-profile.json" --secrets "$tmp/secrets.json"
sed '0,/"host_key": "SHA256:[^"]*"/s//"host_key": ""/' "$demo/inventory.json" >"$tmp/unpinned.json"
expect 2 "/racks/0/devices/0/host_key" -- run --inventory "$tmp/unpinned.json" --secrets "$tmp/secrets.json"
printf '{"schema": "attest.inventory/v1", "site": ' >"$tmp/truncated.json"
expect 2 "truncated.json" -- run --inventory "$tmp/truncated.json" --secrets "$tmp/secrets.json"
expect 2 "required" -- "$attest" rack --inventory "$demo/inventory.json"
expect 2 "unknown command" -- "$attest" frobnicate
expect 2 "unknown profile" -- "$attest" firmware parse --profile nope "$demo/expected.json"
expect 2 "" -- "$attest" firmware parse --profile arista-eos "$demo/expected.json"
expect 2 "" -- "$attest" db lint "$tmp"
# and the happy paths of the offline tools
expect 0 '"version": "17.09.04a"' -- "$attest" firmware parse --profile cisco-iosxe "$src/tests/fixtures/profiles/cisco-iosxe/c9300-stack-17.09.04a.txt"
expect 0 "ok: [0-9]+ model policies" -- "$attest" db lint "$src/firmware-db"
checks=$((checks + 2))
if [ -e "$tmp/out/report.json" ]; then echo "FAIL: a report was written despite bad input"; failures=$((failures + 1)); fi
if grep -rqF "Demo-Netops-2026!" "$tmp/out" 2>/dev/null; then echo "FAIL: secret in output"; failures=$((failures + 1)); fi

finish
