#!/usr/bin/env bash
# Bad input gets one clear line naming the file and field, exit code 2, and
# no report written: also input files that are not what they claim (a FIFO or
# a directory as the inventory, duplicate JSON members, a NUL in a device
# name, secrets too open or owned by someone else behind a symlink) and an
# enroll without a trusted DB key. Usage: cli_bad_input.sh ATTEST_BINARY SOURCE_DIR
set -u
attest=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/../../support/checks.sh"


demo=$src/inventory/demo
cp "$demo/secrets.json" "$tmp/secrets.json"; chmod 600 "$tmp/secrets.json"
cp "$demo/secrets.json" "$tmp/open-secrets.json"; chmod 644 "$tmp/open-secrets.json"
run() { "$attest" rack --db "$src/firmware-db" --allow-unsigned-db --out "$tmp/out" "$@"; }
trun() { timeout 10 "$attest" rack --db "$src/firmware-db" --allow-unsigned-db --out "$tmp/out" "$@"; }
inv=$demo/inventory.json

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
# A FIFO nobody writes to must not hang the run: `timeout 10` would exit 124.
mkfifo "$tmp/fifo.json"
expect 2 "fifo.json: is a FIFO, not a regular file" -- trun --inventory "$tmp/fifo.json" --secrets "$tmp/secrets.json"
expect 2 "secrets-fifo.json: is a FIFO" -- bash -c "mkfifo '$tmp/secrets-fifo.json' && exec timeout 10 '$attest' rack \
  --db '$src/firmware-db' --allow-unsigned-db --out '$tmp/out' --inventory '$inv' --secrets '$tmp/secrets-fifo.json'"
mkdir "$tmp/dir.json"
expect 2 "dir.json: is a directory, not a regular file" -- trun --inventory "$tmp/dir.json" --secrets "$tmp/secrets.json"

# Two pins for one device: which one would count?
sed '0,/"host_key": "SHA256:[^"]*",/s//&\n          "host_key": "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",/' "$inv" >"$tmp/dup.json"
expect 2 'dup.json: /racks/0/devices/0/host_key: duplicate member "host_key"' -- \
  trun --inventory "$tmp/dup.json" --secrets "$tmp/secrets.json"
sed '0,/"name": "con-r01-1"/s//"name": "con\\u0000r01-1"/' "$inv" >"$tmp/nul.json"
expect 2 'nul.json: /racks/0/devices/0/name: name contains a NUL character' -- \
  trun --inventory "$tmp/nul.json" --secrets "$tmp/secrets.json"
cp -r "$src/firmware-db" "$tmp/db"
sed -i '0,/"schema": "attest.firmware\/v1",/s//&\n  "schema": "attest.firmware\/v1",/' "$(ls "$tmp"/db/firmware/*.json | head -1)"
expect 2 '/firmware/.*\.json: /schema: duplicate member "schema"' -- timeout 10 "$attest" rack --db "$tmp/db" \
  --allow-unsigned-db --out "$tmp/out" --inventory "$inv" --secrets "$tmp/secrets.json"

cp "$tmp/secrets.json" "$tmp/open-secrets.json"; chmod 640 "$tmp/open-secrets.json"
expect 2 "open-secrets.json: mode 0640 is too open; secrets files must be 0600" -- \
  trun --inventory "$inv" --secrets "$tmp/open-secrets.json"
if [ "$(id -u)" -eq 0 ]; then
  cp "$tmp/secrets.json" "$tmp/theirs.json"; chown nobody "$tmp/theirs.json"
  ln -s "$tmp/theirs.json" "$tmp/linked-secrets.json"
  expect 2 "linked-secrets.json: owned by uid $(id -u nobody); secrets files must be owned by uid 0" -- \
    trun --inventory "$inv" --secrets "$tmp/linked-secrets.json"
else
  echo "skip: the symlinked secrets owner check needs root (chown to nobody)"
fi

# enroll trusts EK roots only from a DB it verified.
expect 2 "no trusted DB key given" -- timeout 10 "$attest" enroll --inventory "$inv" --secrets "$tmp/secrets.json" \
  --db "$src/firmware-db" --out "$tmp/enrollments.json"
expect 2 "choose one" -- timeout 10 "$attest" enroll --inventory "$inv" --secrets "$tmp/secrets.json" \
  --db "$src/firmware-db" --db-pubkey "$tmp/fifo.json" --allow-unsigned-db --out "$tmp/enrollments.json"
"$attest" keygen --out "$tmp/db.key" >/dev/null && cp -r "$src/firmware-db" "$tmp/signed-db" &&
  "$attest" db sign --key "$tmp/db.key" "$tmp/signed-db" >/dev/null
expect 2 "fifo.json: is a FIFO" -- timeout 10 "$attest" enroll --inventory "$inv" --secrets "$tmp/secrets.json" \
  --db "$tmp/signed-db" --db-pubkey "$tmp/fifo.json" --out "$tmp/enrollments.json"

checks=$((checks + 3))
if [ -e "$tmp/enrollments.json" ]; then echo "FAIL: an enrollment file was written despite bad input"; failures=$((failures + 1)); fi
if [ -e "$tmp/out/report.json" ]; then echo "FAIL: a report was written despite bad input"; failures=$((failures + 1)); fi
if grep -rqF "Demo-Netops-2026!" "$tmp/out" 2>/dev/null; then echo "FAIL: secret in output"; failures=$((failures + 1)); fi

finish
