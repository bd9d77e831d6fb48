#!/usr/bin/env bash
# Signed waivers against the demo lab: the console server on blocked firmware is accepted by
# a signed waiver for its exact finding (status waived, device passes, `attest gate` promotes
# it and names the waiver); a modified file is refused (exit 2), an unsigned one applies
# nothing, an expired waiver is not applied, and no waiver may name a host-key finding or a
# device the inventory lacks.
# Usage: cli_waivers.sh ATTEST_BINARY LAB_BINARY SOURCE_DIR
set -u
attest=$1 lab=$2 src=$3
tmp=$(mktemp -d)
source "$(dirname "$0")/../../support/lab_process.sh"
cleanup() { stop_lab_process; rm -rf "$tmp"; }
trap cleanup EXIT
source "$(dirname "$0")/../../support/checks.sh"
inv=$src/inventory/demo/inventory.json

start_lab_process "$tmp/ready.json" --spec "$src/inventory/demo/lab.json" --state "$tmp/state" --quiet
check "lab is ready" '[ -s "$tmp/ready.json" ]'

for k in db report approvers; do "$attest" keygen --out "$tmp/$k.key" >/dev/null; done
cp -r "$src/firmware-db" "$tmp/db" && "$attest" db sign --key "$tmp/db.key" "$tmp/db" >/dev/null
cp "$src/inventory/demo/secrets.json" "$tmp/secrets.json"; chmod 600 "$tmp/secrets.json"
run=0
rack() {  # rack [ARGS...]: one gate run into $tmp/out-N; sets $out and $code
  run=$((run + 1)) out=$tmp/out-$run
  "$attest" rack --inventory "$inv" --db "$tmp/db" --db-pubkey "$tmp/db.pub.pem" --secrets "$tmp/secrets.json" \
    --state "$tmp/journal-$run" --out "$out" --sign-key "$tmp/report.key" --quiet "$@" >"$out.table" 2>"$out.err"
  code=$?
}
finding() {  # finding REPORT DEVICE CHECK FIELD
  python3 -c 'import json,sys; d=[d for d in json.load(open(sys.argv[1]))["devices"] if d["name"]==sys.argv[2]][0]
f=[f for f in d["findings"] if f["check"]==sys.argv[3]][0]; print(d["verdict"] if sys.argv[4]=="verdict" else f.get(sys.argv[4], ""))' "$@"
}
# waivers NAME CHECK RULE APPROVED EXPIRES [DEVICE]: writes $tmp/NAME.json
waivers() {
  python3 - "$tmp/$1.json" "$2" "$3" "$4" "$5" "${6:-con-r01-1}" <<'PY'
import json, sys
path, check, rule, approved, expires, device = sys.argv[1:]
json.dump({"schema": "attest.waivers/v1", "site": "ams-demo", "waivers": [{
    "id": "W-2026-014", "device": device, "check": check, "match": {"rule": rule},
    "justification": "fixed firmware ships in January; the console port is on the OOB VLAN only",
    "approver": "j.smith", "ticket": "CHG-1234", "approved": approved, "expires": expires}]}, open(path, "w"), indent=1)
PY
}
at() { date -u -d "$1" +%Y-%m-%dT%H:%M:%SZ; }

rack
check "without waivers the console server on blocked firmware fails" \
  '[ "$(finding "$out/report.json" con-r01-1 firmware-version status)" = fail ] && [ "$code" -eq 1 ]'
rule=$(finding "$out/report.json" con-r01-1 firmware-version rule)
site=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["site"])' "$out/report.json")
check "the finding names its DB rule as the manifest does ($rule)" '[[ "$rule" == firmware/*.json#/* ]]'

waivers good firmware-version "$rule" "$(at '-1 hour')" "$(at '+30 days')"
sed -i "s/\"ams-demo\"/\"$site\"/" "$tmp/good.json"
expect 0 "1 waivers signed" -- "$attest" waivers sign --key "$tmp/approvers.key" --inventory "$inv" "$tmp/good.json"
expect 0 "1 of 1 waivers in force" -- "$attest" waivers verify --pubkey "$tmp/approvers.pub.pem" --inventory "$inv" "$tmp/good.json"

rack --waivers "$tmp/good.json" --waivers-pubkey "$tmp/approvers.pub.pem"
check "with the signed waiver the finding is waived, naming it, and the device passes" \
  '[ "$(finding "$out/report.json" con-r01-1 firmware-version status)" = waived ] &&
   [ "$(finding "$out/report.json" con-r01-1 firmware-version waiver)" = W-2026-014 ] &&
   [ "$(finding "$out/report.json" con-r01-1 firmware-version verdict)" = pass ]'
check "the other planted devices are still blocked (exit 1)" \
  '[ "$code" -eq 1 ] && [ "$(finding "$out/report.json" sw-r01-tor2 default-credentials status)" = fail ]'
check "the report records the waivers file by digest, signed and in force" \
  'python3 -c "import json,sys; w=json.load(open(sys.argv[1]))[\"waivers\"]; assert w[\"signed\"] and w[\"sha256\"]==sys.argv[2] and w[\"entries\"][0][\"in_force\"]" \
     "$out/report.json" "$(sha256sum "$tmp/good.json" | cut -d" " -f1)"'
check "junit shows the waived check as skipped, with the waiver" 'grep -q "skipped message=\"waived by W-2026-014" "$out/junit.xml"'
check "report.html shows it waived" 'grep -q "st-waived" "$out/report.html" && grep -q "waived by W-2026-014" "$out/report.html"'
expect 0 "W-2026-014: firmware-version \(.*\), approved by j.smith, CHG-1234" -- \
  "$attest" gate --report "$out/report.json" --pubkey "$tmp/report.pub.pem" --device con-r01-1
expect 1 "DO NOT PROMOTE" -- "$attest" gate --report "$out/report.json" --pubkey "$tmp/report.pub.pem" --device sw-r01-tor2

cp "$tmp/good.json" "$tmp/tampered.json" && cp "$tmp/good.json.sig" "$tmp/tampered.json.sig"
sed -i 's/CHG-1234/CHG-9999/' "$tmp/tampered.json"
rack --waivers "$tmp/tampered.json" --waivers-pubkey "$tmp/approvers.pub.pem"
check "a waivers file changed after signing is refused before any device is contacted (exit 2)" \
  '[ "$code" -eq 2 ] && grep -q "signature does not verify" "$out.err" && [ ! -e "$out/report.json" ]'

cp "$tmp/good.json" "$tmp/unsigned.json"
rack --waivers "$tmp/unsigned.json" --waivers-pubkey "$tmp/approvers.pub.pem"
check "an unsigned waivers file applies nothing and says so" \
  '[ "$(finding "$out/report.json" con-r01-1 firmware-version status)" = fail ] && grep -q "not signed" "$out.err"'

waivers expired firmware-version "$rule" "$(at '-40 days')" "$(at '-1 day')"
sed -i "s/\"ams-demo\"/\"$site\"/" "$tmp/expired.json"
"$attest" waivers sign --key "$tmp/approvers.key" --inventory "$inv" "$tmp/expired.json" >/dev/null
rack --waivers "$tmp/expired.json" --waivers-pubkey "$tmp/approvers.pub.pem"
check "an expired waiver is not applied, and the run says so" \
  '[ "$(finding "$out/report.json" con-r01-1 firmware-version status)" = fail ] && grep -q "W-2026-014 expired at" "$out.err"'

waivers hostkey host-key "inventory: /racks/0/devices/0/host_key" "$(at '-1 hour')" "$(at '+30 days')" sw-r01-leaf
sed -i "s/\"ams-demo\"/\"$site\"/" "$tmp/hostkey.json"
expect 2 "/waivers/0/check: a host-key finding can never be waived" -- \
  "$attest" waivers sign --key "$tmp/approvers.key" --inventory "$inv" "$tmp/hostkey.json"
waivers ghost firmware-version "$rule" "$(at '-1 hour')" "$(at '+30 days')" con-r09-9
sed -i "s/\"ams-demo\"/\"$site\"/" "$tmp/ghost.json"
expect 2 "ghost.json: /waivers/0/device: names no device" -- \
  "$attest" waivers sign --key "$tmp/approvers.key" --inventory "$inv" "$tmp/ghost.json"
finish
