#!/usr/bin/env bash
# `attest pin --known-hosts` / `--keyscan` against files OpenSSH's own tools wrote (ssh-keyscan against
# the lab, ssh-keygen -y and -H): pins are filled with the lab stopped (no network), unmatched devices are
# listed, a different key for a pinned device is a conflict (exit 1, pin kept) until --device --repin, and
# `attest rack` against the lab accepts the offline pins.
# Usage: cli_pin_offline.sh ATTEST_BINARY LAB_BINARY SOURCE_DIR
set -u
attest=$1 lab=$2 src=$3
tmp=$(mktemp -d)
source "$(dirname "$0")/../../support/lab_process.sh"
cleanup() { stop_lab_process; rm -rf "$tmp"; }
trap cleanup EXIT
source "$(dirname "$0")/../../support/checks.sh"

start_lab() { start_lab_process "$tmp/ready.json" --spec "$tmp/lab.json" --quiet; }
stop_lab() { stop_lab_process; }

# The rack suite's lab; its host keys are made on first start and kept.
cp "$src/tests/integration/rack/lab.json" "$tmp/lab.json"
mkdir -p "$tmp/keys"
ssh-keygen -q -t ed25519 -N '' -C attest-test -f "$tmp/keys/ops_ed25519"
start_lab
check "lab is ready" '[ -s "$tmp/ready.json" ]'
ssh-keyscan -p 2222 -t ed25519 127.79.0.1 127.79.0.2 >"$tmp/scan.txt" 2>/dev/null
stop_lab
check "ssh-keyscan wrote [host]:port lines" '[ "$(grep -c "^\[127.79.0.[12]\]:2222 ssh-ed25519 " "$tmp/scan.txt")" -eq 2 ]'

# known_hosts from the lab's host keys, hashed by ssh-keygen -H; a revoked key and a CA key around them.
for d in clean-eos:1 junos-root:2; do
  echo "[127.79.0.${d#*:}]:2222 $(ssh-keygen -y -f "$tmp/keys/${d%%:*}.key")"
done >"$tmp/known_hosts"
ssh-keygen -q -H -f "$tmp/known_hosts" >/dev/null 2>&1
echo "@revoked [127.79.0.3]:2222 $(ssh-keygen -y -f "$tmp/keys/ops_ed25519")" >>"$tmp/known_hosts"
echo "[127.79.0.3]:2222 $(ssh-keygen -y -f "$tmp/keys/ops_ed25519")" >>"$tmp/known_hosts"
echo "@cert-authority *.example.net $(ssh-keygen -y -f "$tmp/keys/ops_ed25519")" >>"$tmp/known_hosts"
check "known_hosts names are hashed" '! grep -q "^\[127.79.0.[12]\]" "$tmp/known_hosts" && grep -q "^|1|" "$tmp/known_hosts"'

device() {  # name address profile model serial credential position
  printf '{"name": "%s", "role": "switch", "profile": "%s", "model": "%s", "serial": "%s", "address": "%s", "credential": "%s", "position_u": %s}' \
    "$1" "$3" "$4" "$5" "$2" "$6" "$7"
}
inventory() {
  printf '{"schema": "attest.inventory/v1", "site": "pin-test", "defaults": {"port": 2222, "timeouts_ms": {"connect": 3000, "total": 20000}},\n'
  printf ' "racks": [{"name": "r1", "devices": [%s]}]}\n' "$1"
}
two="$(device clean-eos 127.79.0.1 arista-eos DCS-7050SX3-48YC8 JPE00000001 netops 40), $(device junos-root 127.79.0.2 juniper-junos ex4300-48t PE0000000002 root 39)"
inventory "$two" >"$tmp/two.json"
inventory "$two, $(device key-login 127.79.0.3 generic-linux 'PowerEdge R660' SRV0003 root 10)" >"$tmp/three.json"
fp() { python3 -c "import json,sys; print(next(d['host_key_fingerprint'] for d in json.load(open(sys.argv[1]))['devices'] if d['name'] == sys.argv[2]))" "$tmp/ready.json" "$1"; }
start_lab; fp_eos=$(fp clean-eos); fp_junos=$(fp junos-root); stop_lab
check "the lab's own fingerprints are known" '[ -n "$fp_eos" ] && [ -n "$fp_junos" ]'

out=$("$attest" pin --inventory "$tmp/three.json" --out "$tmp/three-pinned.json" --known-hosts "$tmp/known_hosts" 2>&1); code=$?
echo "$out"
check "pin exits 1: the device with only a revoked key stays unpinned" '[ "$code" -eq 1 ]'
check "it is listed by name" 'grep -q "^key-login  NOT PINNED  no key for 127.79.0.3:2222 in " <<<"$out" && grep -q "^not pinned: key-login$" <<<"$out"'
check "clean-eos got the lab's key, offline" 'grep -q "^clean-eos  127.79.0.1:2222  ssh-ed25519  $fp_eos$" <<<"$out"'

expect 0 "junos-root  127.79.0.2:2222  ssh-ed25519" -- "$attest" pin --inventory "$tmp/two.json" --out "$tmp/two-kh.json" --known-hosts "$tmp/known_hosts"
expect 0 "clean-eos  127.79.0.1:2222  ssh-ed25519" -- "$attest" pin --inventory "$tmp/two.json" --out "$tmp/two-scan.json" --keyscan "$tmp/scan.txt"
check "known_hosts and ssh-keyscan give the same pinned inventory" 'cmp -s "$tmp/two-kh.json" "$tmp/two-scan.json"'
check "the pins are the lab's fingerprints" 'grep -qF "\"host_key\": \"$fp_eos\"" "$tmp/two-kh.json" && grep -qF "\"host_key\": \"$fp_junos\"" "$tmp/two-kh.json"'
tail -3 "$tmp/known_hosts" >"$tmp/marked.txt"
expect 2 "marked.txt: line 1: a marker \(@revoked\) is not ssh-keyscan output" -- "$attest" pin --inventory "$tmp/two.json" --out "$tmp/x.json" --keyscan "$tmp/marked.txt"

# A pin that differs from known_hosts: a conflict, reported by name, the pin kept; then --repin.
bogus="SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
sed "s|$fp_eos|$bogus|" "$tmp/two-kh.json" >"$tmp/stale.json"
out=$("$attest" pin --inventory "$tmp/stale.json" --out "$tmp/stale-out.json" --known-hosts "$tmp/known_hosts" 2>&1); code=$?
check "a conflict exits 1" '[ "$code" -eq 1 ]'
check "the conflict names the device, its pin and the key found" 'grep -q "^clean-eos  CONFLICT  pinned $bogus; found ssh-ed25519 $fp_eos" <<<"$out"'
check "the conflicting pin is kept" 'grep -qF "\"host_key\": \"$bogus\"" "$tmp/stale-out.json"'
expect 2 "--repin needs --device" -- "$attest" pin --inventory "$tmp/stale.json" --out "$tmp/x.json" --known-hosts "$tmp/known_hosts" --repin
out=$("$attest" pin --inventory "$tmp/stale.json" --out "$tmp/repinned.json" --known-hosts "$tmp/known_hosts" --device clean-eos --repin 2>&1); code=$?
check "repin exits 0" '[ "$code" -eq 0 ]'
check "repin prints the old and the new fingerprint" 'grep -q "^clean-eos  old pin  $bogus$" <<<"$out" && grep -q "^clean-eos  new pin  127.79.0.1:2222  ssh-ed25519  $fp_eos$" <<<"$out"'
check "repin replaced only that pin" 'cmp -s "$tmp/repinned.json" "$tmp/two-kh.json"'

printf '{"schema": "attest.secrets/v1", "credentials": {"netops": {"username": "netops", "password": "Test-Login-Pw-1"}, "root": {"username": "root", "password": "Test-Root-Pw-2"}}}\n' >"$tmp/secrets.json"
chmod 600 "$tmp/secrets.json"
start_lab
"$attest" rack --inventory "$tmp/repinned.json" --db "$src/firmware-db" --allow-unsigned-db --secrets "$tmp/secrets.json" --out "$tmp/out" --quiet >/dev/null 2>&1
stop_lab
host_key_status() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(' '.join(f['status'] for d in r['devices'] for f in d['findings'] if f['check']=='host-key'))" "$tmp/out/report.json"; }
check "attest rack accepts the offline pins on both devices" '[ "$(host_key_status)" = "pass pass" ]'
check "the host-key finding says the key matches the pin" '[ "$(grep -c "ssh-ed25519 key SHA256:[^ ]* matches the pin" "$tmp/out/report.json")" -eq 2 ]'
finish
