#!/usr/bin/env bash
# The console-server profiles end to end: `attest rack` against attest-lab
# serving one Avocent ACS (admin login, and root login through the Linux
# shell's `cli`), Lantronix SLC, Digi Connect IT and Digi ConnectPort each.
# Clean devices pass; an ACS on blocked firmware fails firmware-version naming
# its advisory; an ACS 8000 whose admin has no password yet, an SLC and a
# ConnectPort with their factory default still live fail default-credentials
# naming it.
# Usage: cli_consoles.sh ATTEST_BINARY LAB_BINARY SOURCE_DIR
set -u
attest=$(realpath "$1") lab=$(realpath "$2") src=$(realpath "$3")
tmp=$(mktemp -d)
source "$(dirname "$0")/../../support/lab_process.sh"
cleanup() { stop_lab_process; [ -n "${KEEP:-}" ] || rm -rf "$tmp"; }
trap cleanup EXIT
source "$(dirname "$0")/../../support/checks.sh"
cd "$tmp"

# name profile model serial version [extra account user:password]
devices='acs-clean avocent-acs ACS8048 0011223344 2.20.0.7 -
acs-root avocent-acs ACS8016 0011229988 2.20.0.7 -
acs-blocked avocent-acs ACS6048 0520351287 3.6.0.4 -
acs-unset avocent-acs ACS8048 0011227766 2.20.0.7 admin:
slc-clean lantronix-slc SLC80482201S 0480-2201-A3F7 8.3.0.0R2 -
slc-default lantronix-slc SLC80162201S 0160-2201-B118 8.3.0.0R2 sysadmin:PASS
cit-clean digi-connect-it Digi_Connect_IT_16 CIT16-000187 24.3.28.88 -
cpt-clean digi-connectport ConnectPort_TS_16 00:40:9D:52:E1:07 82002549_K -
cpt-default digi-connectport ConnectPort_TS_8 00:40:9D:24:48:E6 82002549_K root:dbps'
python3 - "$devices" "$(( $$ % 250 + 1 ))" <<'PY'
import json, sys
rows, octet = [l.split() for l in sys.argv[1].splitlines()], sys.argv[2]
lab, inv = [], []
for i, (name, profile, model, serial, version, extra) in enumerate(rows, 1):
    model = model.replace("_", " ")
    user = "root" if name == "acs-root" else "netops"
    accounts = [{"username": user, "password": "Console-Login-Pw-1"}]
    if extra != "-":
        u, p = extra.split(":")  # "admin:" is an empty password
        accounts.append({"username": u, "password": p})
    lab.append({"name": name, "profile": profile, "listen": f"127.75.{octet}.{i}:2222", "host_key": f"keys/{name}.key",
                "facts": {"vendor": "x", "model": model, "serial": serial, "version": version, "hostname": name},
                "accounts": accounts})
    inv.append({"name": name, "role": "console-server", "profile": profile, "model": model, "serial": serial,
                "address": f"127.75.{octet}.{i}", "host_key": "", "credential": user, "position_u": 40 - i})
json.dump({"schema": "attest.lab/v1", "devices": lab}, open("lab.json", "w"), indent=1)
json.dump({"schema": "attest.inventory/v1", "site": "consoles-lab",
           "defaults": {"port": 2222, "timeouts_ms": {"connect": 3000, "auth": 5000, "command": 5000, "total": 20000}},
           "racks": [{"name": "r01", "height_u": 42, "devices": inv}]}, open("unpinned.json", "w"), indent=1)
secrets = {"schema": "attest.secrets/v1", "credentials": {u: {"username": u, "password": "Console-Login-Pw-1"} for u in ("netops", "root")}}
json.dump(secrets, open("secrets.json", "w"), indent=1)
PY
chmod 600 secrets.json

start_lab_process ready.json --spec lab.json --quiet
check "lab is ready" '[ -s ready.json ]' || { finish; exit 1; }
python3 - <<'PY'
import json
pins = {d["name"]: d["host_key_fingerprint"] for d in json.load(open("ready.json"))["devices"]}
inv = json.load(open("unpinned.json"))
for d in inv["racks"][0]["devices"]: d["host_key"] = pins[d["name"]]
json.dump(inv, open("inventory.json", "w"), indent=1)
PY

"$attest" rack --inventory inventory.json --db "$src/firmware-db" --allow-unsigned-db --secrets secrets.json \
  --out out --state state --quiet >table.txt 2>&1
code=$?
cat table.txt
check "rack exits 1: four devices are blocked" '[ "$code" -eq 1 ]'
# device CHECK STATUS [DETAIL-PATTERN]: the report's finding for the device.
finding() {
  python3 - "$@" <<'PY'
import json, re, sys
name, check, status = sys.argv[1:4]
pattern = sys.argv[4] if len(sys.argv) > 4 else ""
dev = next(d for d in json.load(open("out/report.json"))["devices"] if d["name"] == name)
f = next(f for f in dev["findings"] if f["check"] == check)
sys.exit(0 if f["status"] == status and re.search(pattern, f["detail"]) else 1)
PY
}
verdict() { python3 -c "import json,sys; sys.exit(0 if next(d for d in json.load(open('out/report.json'))['devices'] if d['name']=='$1')['verdict']=='$2' else 1)"; }
for clean in acs-clean acs-root slc-clean cit-clean cpt-clean; do
  check "$clean passes" 'verdict $clean pass'
  check "$clean: identity read from its CLI" 'finding $clean identity pass'
done
check "acs-root reached the ACS CLI through the root shell's cli" 'finding acs-root firmware-version pass "2\.20\.0\.7"'
check "acs-blocked fails" 'verdict acs-blocked fail'
check "acs-blocked fails firmware-version naming the advisory" 'finding acs-blocked firmware-version fail "SITE-SEC-2026-231"'
check "an ACS 8000 never logged into (admin, empty password) fails default-credentials" 'finding acs-unset default-credentials fail "acs-admin-empty"'
check "slc-default fails default-credentials naming the candidate" 'finding slc-default default-credentials fail "slc-sysadmin-pass"'
check "cpt-default fails default-credentials naming the candidate" 'finding cpt-default default-credentials fail "digi-root-dbps"'
check "the clean SLC refused its default" 'finding slc-clean default-credentials pass'
check "the clean ACS refused all three ACS defaults (admin and root)" 'finding acs-clean default-credentials pass "^3 factory-default"'
check "Connect IT has no literal default: the check says so instead of passing" 'finding cit-clean default-credentials skip "no factory defaults"'
check "no secret value in any output" '! grep -rqF -e "Console-Login-Pw-1" -e "\"PASS\"" -e "\"dbps\"" out table.txt'

finish
