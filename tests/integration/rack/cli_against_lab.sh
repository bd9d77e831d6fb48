#!/usr/bin/env bash
# `attest pin` and `attest rack --json` against the demo lab: fingerprints read over SSH equal the lab's own,
# unreachable devices stay unpinned (exit 1), and the written inventory is valid.
# Usage: cli_against_lab.sh ATTEST_BINARY LAB_BINARY SOURCE_DIR
set -u
attest=$1 lab=$2 src=$3
tmp=$(mktemp -d)
source "$(dirname "$0")/../../support/lab_process.sh"
cleanup() { stop_lab_process; rm -rf "$tmp"; }
trap cleanup EXIT
source "$(dirname "$0")/../../support/checks.sh"

start_lab_process "$tmp/ready.json" --spec "$src/inventory/demo/lab.json" --state "$tmp/state" --quiet
check "lab is ready" '[ -s "$tmp/ready.json" ]'

sed 's/"host_key": "SHA256:[^"]*"/"host_key": ""/' "$src/inventory/demo/inventory.json" >"$tmp/unpinned.json"
out=$("$attest" pin --inventory "$tmp/unpinned.json" --out "$tmp/pinned.json" 2>&1); code=$?
echo "$out"
check "pin exits 1 because one device is unreachable" '[ "$code" -eq 1 ]'
check "the unreachable device is reported as not pinned" 'grep -q "pdu-r01-b  NOT PINNED" <<<"$out"'
for fp in $(grep -o 'SHA256:[A-Za-z0-9+/]*' "$tmp/ready.json"); do
  check "pinned inventory holds lab fingerprint $fp" 'grep -qF "\"$fp\"" "$tmp/pinned.json"'
done
check "the unreachable device keeps an empty pin" '[ "$(grep -c "\"host_key\": \"\"" "$tmp/pinned.json")" -eq 1 ]'

cp "$src/inventory/demo/secrets.json" "$tmp/secrets.json"; chmod 600 "$tmp/secrets.json"
"$attest" rack --inventory "$tmp/pinned.json" --db "$src/firmware-db" --allow-unsigned-db --secrets "$tmp/secrets.json" --out "$tmp/out" --quiet >/dev/null 2>"$tmp/err"
code=$?
check "a gate run refuses the still-unpinned device with exit 2" '[ "$code" -eq 2 ] && grep -q "host_key" "$tmp/err"'

"$attest" rack --inventory "$src/inventory/demo/inventory.json" --db "$src/firmware-db" --allow-unsigned-db --secrets "$tmp/secrets.json" \
  --out "$tmp/json-out" --json --quiet >"$tmp/stdout.json" 2>"$tmp/stderr.txt"
code=$?
check "rack --json exits 1 when devices are blocked" '[ "$code" -eq 1 ]'
check "rack --json prints exactly report.json on stdout" 'cmp -s "$tmp/stdout.json" "$tmp/json-out/report.json"'
check "the report carries its schema id" 'grep -q "\"schema\": \"attest.report/v1\"" "$tmp/stdout.json"'
check "the table goes to stderr" 'grep -q "^sw-r01-tor2 .*fail" "$tmp/stderr.txt"'
check "no secret value in any output" '! grep -rqF -e "Demo-Netops-2026!" -e "Winter2023!" -e "jd0e-Pa55w0rd" "$tmp/json-out" "$tmp/stdout.json" "$tmp/stderr.txt"'

ca="$tmp/state/tpm-ca"
# Its own attempt journal: the runs above spent part of the same devices'
# budgets within their lockout windows (the journal would rightly cut this run's).
"$attest" rack --inventory "$src/inventory/demo/inventory.json" --db "$src/firmware-db" --allow-unsigned-db --secrets "$tmp/secrets.json" \
  --out "$tmp/enroll-out" --enrollments "$tmp/enrollments.json" --enroll --state "$tmp/enroll-state" \
  --tpm-root "$ca/swtpm-localca-rootca-cert.pem" --tpm-intermediate "$ca/issuercert.pem" --quiet >"$tmp/enroll.txt" 2>&1
code=$?
check "rack --enroll writes an enrollment file with every TPM device" '[ "$(grep -c "\"ak_name\"" "$tmp/enrollments.json")" -eq 7 ]'
check "rack --enroll then gates: the clean TPM server passes" 'grep -q "^srv-r01-01 .* pass " "$tmp/enroll.txt"'
check "rack --enroll: the swapped board is caught by tpm-quote" 'grep -q "^srv-r01-04 .*tpm-quote" "$tmp/enroll.txt"'
check "rack --enroll exits 1 with planted devices" '[ "$code" -eq 1 ]'
check "the report names each TPM device's nonce and quote digest" '[ "$(grep -c "\"quote_sha256\": \"[0-9a-f]\{64\}\"" "$tmp/enroll-out/report.json")" -ge 5 ]'

finish
