#!/usr/bin/env bash
# The four PDU profiles end to end: `attest pin` then `attest rack` against
# attest-lab with one APC NMC, Raritan PX, ServerTech PRO2 and Geist PDU that
# are clean (pass), an APC on firmware the DB blocks (fail firmware-version,
# naming the advisory) and a ServerTech whose factory default admn/admn still
# logs in (fail default-credentials).
# Usage: cli_pdus.sh ATTEST_BINARY LAB_BINARY SOURCE_DIR
set -u
attest=$(realpath "$1") lab=$(realpath "$2") src=$(realpath "$3")
tmp=$(mktemp -d)
source "$(dirname "$0")/../../support/lab_process.sh"
cleanup() { stop_lab_process; rm -rf "$tmp"; }
trap cleanup EXIT
source "$(dirname "$0")/../../support/checks.sh"
cd "$tmp"

# `attest firmware parse` on captures of each PDU CLI, before any lab.
fixtures=$src/tests/fixtures/profiles
expect 0 '"version": "v6.9.6"' -- "$attest" firmware parse --profile apc-nmc "$fixtures/apc-nmc/ap8853-nmc2-6.9.6.txt"
expect 0 '"serial": "PKE1B00237"' -- "$attest" firmware parse --profile raritan-px "$fixtures/raritan-px/px2-4724-3.5.0.5-46780.txt"
expect 0 '"version": "7.0k"' -- "$attest" firmware parse --profile servertech-pro2 "$fixtures/servertech-pro2/cw24v-7.0k.txt"
expect 0 '"model": "VP8858NA3-0000"' -- "$attest" firmware parse --profile vertiv-geist "$fixtures/vertiv-geist/gu2-imd03e-6.1.2.txt"
expect 2 "command-not-found.txt: about: the device answered \"E101: Command Not Found\"" -- \
  "$attest" firmware parse --profile apc-nmc "$fixtures/apc-nmc/command-not-found.txt"

python3 - "$(( $$ % 250 + 1 ))" <<'PY'
import json, sys
octet = sys.argv[1]
login = {"username": "netops", "password": "Pdu-Test-Login-7"}
# name, profile, vendor, model, serial, version, extra accounts
pdus = [
    ("pdu-apc", "apc-nmc", "APC", "AP8853", "5A1932E04417", "v6.9.6", []),
    ("pdu-raritan", "raritan-px", "Raritan", "PX3-5260R", "QFA3A00412", "4.0.20.5-47974", []),
    ("pdu-st", "servertech-pro2", "Server Technology", "C2WG36MM-DCFE2M66/C", "ABEF0001234", "8.0p", []),
    ("pdu-geist", "vertiv-geist", "Vertiv", "VP8858NA3-0000", "0GS2231PB04411", "6.1.2", []),
    ("pdu-apc-old", "apc-nmc", "APC", "AP8853", "5A1932E04418", "v6.4.6", []),
    ("pdu-st-default", "servertech-pro2", "Server Technology", "C2WG36MM-DCFE2M66/C", "ABEF0001235", "8.0p",
     [{"username": "admn", "password": "admn"}]),
]
lab, inv = [], []
for i, (name, profile, vendor, model, serial, version, extra) in enumerate(pdus, start=1):
    address = f"127.71.{octet}.{i}"
    lab.append({"name": name, "profile": profile, "listen": f"{address}:2222", "host_key": f"keys/{name}.key",
                "facts": {"vendor": vendor, "model": model, "serial": serial, "version": version, "hostname": name},
                "accounts": [login] + extra, "max_auth_per_connection": 3})
    inv.append({"name": name, "role": "pdu", "profile": profile, "model": model, "serial": serial,
                "address": address, "host_key": "", "credential": "netops", "position_u": i})
json.dump({"schema": "attest.lab/v1", "devices": lab}, open("lab.json", "w"), indent=1)
json.dump({"schema": "attest.inventory/v1", "site": "pdu-test",
           "defaults": {"port": 2222,
                        "timeouts_ms": {"connect": 3000, "auth": 5000, "command": 5000, "total": 30000}},
           "racks": [{"name": "p01", "height_u": 42, "devices": inv}]}, open("unpinned.json", "w"), indent=1)
json.dump({"schema": "attest.secrets/v1", "credentials": {"netops": login}}, open("secrets.json", "w"), indent=1)
PY
chmod 600 secrets.json
mkdir -p keys
start_lab_process ready.json --spec lab.json --quiet
check "lab is ready with six PDUs" '[ -s ready.json ]' || { finish; exit 1; }

"$attest" pin --inventory unpinned.json --out inventory.json >pin.out 2>&1
check "every PDU's host key is pinned over its shell-only SSH" '[ "$(grep -c "\"host_key\": \"SHA256:" inventory.json)" -eq 6 ]'

"$attest" rack --inventory inventory.json --db "$src/firmware-db" --allow-unsigned-db --secrets secrets.json \
  --out out --json --quiet >report.json 2>table.txt
code=$?
cat table.txt
check "rack exits 1: two PDUs are blocked" '[ "$code" -eq 1 ]'

# verdict NAME: the device's verdict; finding NAME CHECK: "status: detail".
verdict() { python3 -c "import json,sys; print([d['verdict'] for d in json.load(open('report.json'))['devices'] if d['name']=='$1'][0])"; }
finding() {
  python3 -c "
import json
d = [d for d in json.load(open('report.json'))['devices'] if d['name'] == '$1'][0]
print(*[f['status'] + ': ' + f['detail'] for f in d['findings'] if f['check'] == '$2'])"
}
for pdu in pdu-apc pdu-raritan pdu-st pdu-geist; do
  check "$pdu passes" '[ "$(verdict $pdu)" = pass ]'
done
check "the clean APC is judged on its AOS version" 'finding pdu-apc firmware-version | grep -q "^pass: version v6.9.6 is approved for AP8853"'
check "the clean Raritan's identity is the PX3 model and serial" 'finding pdu-raritan identity | grep -q "^pass:.*QFA3A00412"'
check "the clean Geist's firmware is read from system info" 'finding pdu-geist firmware-version | grep -q "^pass: version 6.1.2"'
check "the clean ServerTech refused admn/admn" 'finding pdu-st default-credentials | grep -q "^pass:"'
check "the APC on v6.4.6 fails firmware-version" '[ "$(verdict pdu-apc-old)" = fail ] && finding pdu-apc-old firmware-version | grep -q "^fail: .*v6.4.6"'
check "the finding names the advisory" 'finding pdu-apc-old firmware-version | grep -q "SITE-SEC-2026-041"'
check "the ServerTech with admn/admn live fails default-credentials" '[ "$(verdict pdu-st-default)" = fail ] && finding pdu-st-default default-credentials | grep -q "^fail: .*admn"'
check "it fails on nothing else" '[ "$(finding pdu-st-default firmware-version | cut -d: -f1)" = pass ]'
check "no secret value in any output" '! grep -rqF "Pdu-Test-Login-7" out report.json table.txt pin.out'

finish
