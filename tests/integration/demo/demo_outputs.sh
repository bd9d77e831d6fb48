#!/usr/bin/env bash
# `attest demo` twice into one out dir, then what the README promises of it.
# Usage: demo_outputs.sh ATTEST_BINARY SOURCE_DIR
set -u
attest=$(realpath "$1") src=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/../../support/checks.sh"
out=$tmp/demo

expect 0 "blocked exactly the [0-9]+ planted devices" -- "$attest" demo --out "$out"
key_before=$(sha256sum "$out/signing.pub.pem")
"$attest" demo --out "$out" >"$tmp/second.log" 2>&1
code=$?
check "a second run into the same out dir passes too" '[ "$code" -eq 0 ]'
check "the second run reused the signing key" '[ "$(sha256sum "$out/signing.pub.pem")" = "$key_before" ]'
for f in report.json report.json.sig signing.pub.pem report.html junit.xml ledger.jsonl; do
  check "the demo wrote $f" '[ -s "$out/$f" ]'
done
check "the signing keys are private (0600)" '[ "$(stat -c %a "$out/signing.key" "$out/db-signing.key" | sort -u)" = 600 ]'

# The auditor's line from the README, with stock openssl.
check "stock openssl verifies report.json.sig" \
  'openssl pkeyutl -verify -pubin -inkey "$out/signing.pub.pem" -rawin -in "$out/report.json" -sigfile "$out/report.json.sig" >/dev/null'
expect 0 "signature valid" -- "$attest" report verify --report "$out/report.json" --pubkey "$out/signing.pub.pem"
check "the report records a signed golden DB" 'grep -q "\"signed\": true" "$out/report.json"'
check "the report records the digest of the enrollment file it used" \
  'grep -q "\"sha256\": \"$(sha256sum "$out/enrollments.json" | cut -c1-64)\"" "$out/report.json"'
check "the report records the digest of the inventory it used" \
  'grep -q "\"sha256\": \"$(sha256sum "$src/inventory/demo/inventory.json" | cut -c1-64)\"" "$out/report.json"'
check "the report records the tool's git commit" 'grep -qE "\"git_commit\": \"([0-9a-f]{40}(-dirty)?|unknown)\"" "$out/report.json"'

# The pipeline's question.
expect 0 "srv-r01-01: PROMOTE" -- "$attest" gate --report "$out/report.json" --pubkey "$out/signing.pub.pem" --device srv-r01-01
expect 1 "default-credentials fail" -- "$attest" gate --report "$out/report.json" --pubkey "$out/signing.pub.pem" --device sw-r01-tor2
expect 1 "tpm-quote fail" -- "$attest" gate --report "$out/report.json" --pubkey "$out/signing.pub.pem" --device srv-r01-04

# A real report with one verdict changed no longer verifies.
cp "$out/report.json" "$tmp/forged.json"; cp "$out/report.json.sig" "$tmp/forged.json.sig"
sed -i '0,/"verdict": "fail"/s//"verdict": "pass"/' "$tmp/forged.json"
check "the forgery differs from the report" '! cmp -s "$out/report.json" "$tmp/forged.json"'
check "stock openssl rejects the forged report" \
  '! openssl pkeyutl -verify -pubin -inkey "$out/signing.pub.pem" -rawin -in "$tmp/forged.json" -sigfile "$tmp/forged.json.sig" >/dev/null 2>&1'
expect 1 "modified after signing" -- "$attest" gate --report "$tmp/forged.json" --pubkey "$out/signing.pub.pem" --device con-r01-1

# Two runs, two chained ledger entries.
check "two runs appended two ledger entries" '[ "$(wc -l <"$out/ledger.jsonl")" -eq 2 ]'
expect 0 "2 entries" -- "$attest" ledger verify "$out/ledger.jsonl"
check "the last ledger entry holds this report's digest" 'grep -q "$(sha256sum "$out/report.json" | cut -c1-64)" <(tail -1 "$out/ledger.jsonl")'

# Exports: one testcase per device and check in JUnit; every device in the HTML.
check "junit.xml is well-formed with failures" \
  'python3 -c "import sys,xml.etree.ElementTree as E; r=E.parse(sys.argv[1]).getroot(); sys.exit(0 if any(True for _ in r.iter(\"failure\")) and len(list(r.iter(\"testcase\")))>=17 else 1)" "$out/junit.xml"'
for d in $(grep -o '"name": "[a-z]*-r01-[a-z0-9-]*"' "$src/inventory/demo/inventory.json" | cut -d'"' -f4); do
  check "report.html names $d" 'grep -q ">$d<" "$out/report.html"'
done

# No secret value anywhere in what the demo wrote or printed. The lab's own
# 0600 copy of the secrets file is the one place they are meant to be.
python3 -c '
import json, sys
def walk(v):
    if isinstance(v, dict):
        for k, x in v.items():
            if k in ("password", "passphrase") and isinstance(x, str) and x: print(x)
            else: walk(x)
    elif isinstance(v, list):
        for x in v: walk(x)
walk(json.load(open(sys.argv[1])))' "$src/inventory/demo/secrets.json" >"$tmp/secret-values"
check "the secrets file yields secret values to look for" '[ "$(wc -l <"$tmp/secret-values")" -ge 5 ]'
check "the lab's copy of the secrets is 0600" '[ "$(stat -c %a "$out/lab/secrets.json")" = 600 ]'
"$attest" demo --out "$out" >"$tmp/third.log" 2>&1
hits=$(grep -rlF -f "$tmp/secret-values" "$out" "$tmp/second.log" "$tmp/third.log" | grep -v "^$out/lab/secrets.json$")
check "no secret value in any report, export, ledger or log${hits:+ (found in: $hits)}" '[ -z "$hits" ]'
key_body=$(sed -n 2p "$out/signing.key")
check "the report signing key appears in no output" '! grep -rqF --exclude=signing.key -- "$key_body" "$out" "$tmp/third.log"'

# A demo killed outright must not leave its lab (and swtpms) on the demo addresses.
"$attest" demo --out "$tmp/killed" >/dev/null 2>&1 &
demo_pid=$!
for _ in $(seq 600); do [ -s "$tmp/killed/lab/ready.json" ] && break; sleep 0.05; done
check "the killed demo's lab came up" '[ -s "$tmp/killed/lab/ready.json" ]'
kill -9 "$demo_pid"; wait "$demo_pid" 2>/dev/null
for _ in $(seq 100); do pgrep -f "$tmp/killed/lab" >/dev/null || break; sleep 0.1; done
check "the lab and its swtpms stop when the demo is killed" '! pgrep -f "$tmp/killed/lab" >/dev/null'
pkill -9 -f "$tmp/killed/lab" 2>/dev/null

finish
