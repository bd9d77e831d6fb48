#!/usr/bin/env bash
# `attest rack` against attest-lab devices that answer only the old command forms, and against the
# four switch systems of issue 11: a Junos refusing `| display json` is read through the text forms
# and the report says so; a Linux host denying product_serial gets its serial from `sudo -n dmidecode`;
# a host with no serial source is blocked with every attempt and its reason; Dell OS10, Cumulus (NVUE,
# and NCLU 4.x through the fallback), AOS-CX and IOS-XR pass clean and fail on blocked firmware.
# Usage: cli_old_forms.sh ATTEST_BINARY LAB_BINARY SOURCE_DIR
set -u
attest=$1 lab=$2 src=$3
tmp=$(mktemp -d)
source "$(dirname "$0")/../../support/lab_process.sh"
cleanup() { stop_lab_process; [ -n "${KEEP:-}" ] || rm -rf "$tmp"; }
trap cleanup EXIT
source "$(dirname "$0")/../../support/checks.sh"

# The spec's relative key paths resolve next to it: keys are made in $tmp.
cp "$(dirname "$0")/old_forms/lab.json" "$tmp/lab.json"
start_lab_process "$tmp/ready.json" --spec "$tmp/lab.json" --state "$tmp/state" --quiet
check "lab is ready" '[ -s "$tmp/ready.json" ]'

python3 - "$tmp/lab.json" "$tmp/unpinned.json" <<'PY'
import json, sys
spec = json.load(open(sys.argv[1]))
devices = []
for i, d in enumerate(spec["devices"]):
    f = d["facts"]
    address = d["listen"].split(":")[0]
    devices.append({"name": d["name"], "role": "server" if d["profile"] == "generic-linux" else "switch",
                    "profile": d["profile"], "model": f["model"], "serial": f["serial"], "address": address,
                    "host_key": "", "credential": "netops", "position_u": 40 - i})
json.dump({"schema": "attest.inventory/v1", "site": "old-forms",
           "defaults": {"port": 2222, "attempt_budget": 8,
                        "timeouts_ms": {"connect": 3000, "auth": 5000, "command": 5000, "total": 30000}},
           "racks": [{"name": "r83", "height_u": 42, "devices": devices}]}, open(sys.argv[2], "w"), indent=2)
PY
printf '{"schema": "attest.secrets/v1", "credentials": {"netops": {"username": "netops", "password": "Forms-Login-Pw-1"}}, "retired": []}\n' >"$tmp/secrets.json"
chmod 600 "$tmp/secrets.json"
"$attest" pin --inventory "$tmp/unpinned.json" --out "$tmp/inventory.json" >"$tmp/pin.txt" 2>&1 || cat "$tmp/pin.txt"
check "every lab device is pinned" '[ "$(grep -c "\"host_key\": \"SHA256:" "$tmp/inventory.json")" -eq 11 ]'

"$attest" rack --inventory "$tmp/inventory.json" --db "$src/firmware-db" --allow-unsigned-db --secrets "$tmp/secrets.json" \
  --state "$tmp/journal" --out "$tmp/out" --quiet >"$tmp/table.txt" 2>"$tmp/err.txt"
code=$?
cat "$tmp/table.txt" "$tmp/err.txt"
check "rack exits 1: blocked devices among them" '[ "$code" -eq 1 ]'
report=$tmp/out/report.json
q() {  # q DEVICE EXPR: EXPR over the device `d` of the report (python)
  python3 -c 'import json,sys
d=[d for d in json.load(open(sys.argv[1]))["devices"] if d["name"]==sys.argv[2]][0]
f={x["check"]: x for x in d["findings"]}
print(eval(sys.argv[3]))' "$report" "$1" "$2"
}
ran() { q "$1" '"|".join(c["command"] for c in d["evidence"]["commands"])'; }

check "junos without JSON: verdict pass" '[ "$(q junos-nojson "d[\"verdict\"]")" = pass ]'
check "junos without JSON: both JSON forms and both text forms ran" \
  '[ "$(ran junos-nojson)" = "set cli screen-length 0|show version | display json|show version|show chassis hardware | display json|show chassis hardware" ] || [ "$(ran junos-nojson)" = "show version | display json|show version|show chassis hardware | display json|show chassis hardware" ]'
check "junos without JSON: identity says the JSON form was refused and the text form used" \
  'q junos-nojson "f[\"identity\"][\"detail\"]" | grep -qF "\`show version | display json\`: refused: \"syntax error, expecting <command>.\": used \`show version\` instead"'
check "junos without JSON: the evidence lists the forms" \
  '[ "$(q junos-nojson "len(d[\"evidence\"][\"facts_forms\"])")" = 2 ]'

check "denied product_serial: verdict pass, serial from dmidecode" \
  '[ "$(q srv-denied "d[\"verdict\"] + \" \" + d[\"evidence\"][\"facts\"][\"serial\"]")" = "pass SRV0832" ]'
check "denied product_serial: the finding names the denial and the form used" \
  'q srv-denied "f[\"identity\"][\"detail\"]" | grep -qF "Permission denied: used \`sudo -n dmidecode -s system-serial-number\` instead"'
check "denied product_serial: the device tree was not needed" '! ran srv-denied | grep -q device-tree'

why=$(q srv-noserial 'f["identity"]["status"] + ": " + f["identity"]["detail"]')
echo "srv-noserial: $why"
check "no serial source: blocked (identity error)" '[ "$(q srv-noserial "d[\"verdict\"]")" != pass ] && grep -q "^error: " <<<"$why"'
check "no serial source: each attempt and its reason" \
  'grep -qF "product_serial\`: '"'"'cat /sys/class/dmi/id/product_serial'"'"' exited with status 1: cat: /sys/class/dmi/id/product_serial: Permission denied" <<<"$why" &&
   grep -qF "system-serial-number\`: '"'"'sudo -n dmidecode -s system-serial-number'"'"' exited with status 1: sudo: a password is required" <<<"$why" &&
   grep -qF "\`cat /proc/device-tree/serial-number\`: '"'"'cat /proc/device-tree/serial-number'"'"' exited with status 1: cat: /proc/device-tree/serial-number: No such file or directory" <<<"$why"'

for dev in os10-clean cumulus-clean aoscx-clean iosxr-clean; do
  check "$dev passes" '[ "$(q $dev "d[\"verdict\"]")" = pass ]'
done
check "cumulus 4.x: read through NCLU and named so" \
  'q cumulus-nclu "f[\"identity\"][\"detail\"]" | grep -qF "used \`net show system\` instead"'
check "cumulus 4.x: NCLU ran once for both commands" \
  '[ "$(ran cumulus-nclu)" = "nv show system|net show system|nv show platform|nv show platform hardware" ]'
for dev in os10-blocked cumulus-nclu aoscx-blocked iosxr-blocked; do
  check "$dev fails firmware-version on the blocked release" \
    '[ "$(q $dev "d[\"verdict\"] + \" \" + f[\"firmware-version\"][\"status\"]")" = "fail fail" ] && q $dev "f[\"firmware-version\"][\"detail\"]" | grep -q "SITE-SEC-2026-03"'
done
check "no secret in the outputs" '! grep -rqF "Forms-Login-Pw-1" "$tmp/out" "$tmp/table.txt" "$tmp/err.txt"'
finish
