#!/usr/bin/env bash
# `attest rack` against attest-lab with real snmpd agents: the console server
# answering `private` fails default-credentials (naming snmp-private) and
# service-posture; the one whose agent only knows a site community and the one
# with no agent pass both; the lab reports each snmpd's port and leaves none behind.
# Usage: rack_snmp.sh ATTEST_BINARY LAB_BINARY SOURCE_DIR
set -u
attest=$1 lab=$2 src=$3 here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
source "$here/../../support/lab_process.sh"
cleanup() { stop_lab_process; rm -rf "$tmp"; }
trap cleanup EXIT
source "$here/../../support/checks.sh"

cp "$here/lab.json" "$tmp/lab.json"
start_lab_process "$tmp/ready.json" --spec "$tmp/lab.json" --quiet
check "lab is ready" '[ -s "$tmp/ready.json" ]'
check "--ready reports an snmp_port for the two SNMP devices only" '[ "$(grep -c "\"snmp_port\"" "$tmp/ready.json")" -eq 2 ]'
check "two snmpd agents run as the lab's children" '[ "$(pgrep -P "$lab_pid" -x snmpd | wc -l)" -eq 2 ]'

# The inventory: the lab's fingerprints pinned, each SNMP device on the port the lab reports.
python3 - "$tmp/ready.json" "$tmp/inventory.json" <<'PY'
import json, sys
ready = {d["name"]: d for d in json.load(open(sys.argv[1]))["devices"]}
devices = []
for i, (name, d) in enumerate(sorted(ready.items())):
    dev = {"name": name, "role": "console-server", "profile": "opengear", "model": "IM7216-2-24E-DAC",
           "serial": {"con-snmp-private": "IM72160000061", "con-snmp-site": "IM72160000062",
                      "con-no-agent": "IM72160000063"}[name],
           "address": d["address"], "port": d["port"], "host_key": d["host_key_fingerprint"],
           "credential": "netops", "position_u": 40 - i}
    if "snmp_port" in d:
        dev["snmp_port"] = d["snmp_port"]
    devices.append(dev)
json.dump({"schema": "attest.inventory/v1", "site": "snmp-lab",
           "defaults": {"timeouts_ms": {"connect": 1500, "auth": 5000, "command": 5000, "total": 30000}},
           "racks": [{"name": "r61", "height_u": 42, "devices": devices}]}, open(sys.argv[2], "w"), indent=1)
PY
cat >"$tmp/secrets.json" <<'JSON'
{"schema": "attest.secrets/v1", "credentials": {"netops": {"username": "netops", "password": "Snmp-Test-Login-1"}}}
JSON
chmod 600 "$tmp/secrets.json"

start=$(date +%s%N)
"$attest" rack --inventory "$tmp/inventory.json" --db "$src/firmware-db" --allow-unsigned-db \
  --secrets "$tmp/secrets.json" --out "$tmp/out" --quiet >"$tmp/table.txt" 2>&1
code=$?
took_ms=$(( ($(date +%s%N) - start) / 1000000 ))
cat "$tmp/table.txt"
report="$tmp/out/report.json"
check "the run exits 1: one device is blocked" '[ "$code" -eq 1 ]'

python3 - "$report" >"$tmp/findings.txt" <<'PY'
import json, sys
for d in json.load(open(sys.argv[1]))["devices"]:
    for f in d["findings"]:
        print(d["name"], d["verdict"], f["check"], f["status"], f["detail"], sep="\t")
    for p in d["evidence"]["snmp"]:
        print(d["name"], "snmp", p["community_id"], p["version"], p["outcome"], p["sys_descr"], sep="\t")
PY
cat "$tmp/findings.txt"
row() { grep -P "^$1\t" "$tmp/findings.txt"; }
check "con-snmp-private fails default-credentials naming snmp-private and \"private\"" \
  'row con-snmp-private | grep -P "\tdefault-credentials\tfail\t" | grep -qF "'"'"'snmp-private'"'"' (community \"private\", SNMPv2c"'
check "con-snmp-private fails service-posture: v2c answers where the site policy forbids it" \
  'row con-snmp-private | grep -P "\tservice-posture\tfail\t" | grep -q "SNMPv1/v2c enabled (policy forbids it)"'
check "its evidence holds the answered request with the agent's sysDescr" \
  'row con-snmp-private | grep -qP "\tsnmp\tsnmp-private\tv2c\tanswered\tOpengear IM7216-2-24E-DAC 4.13.0$"'
check "its public request timed out (refused: wrong community)" \
  'row con-snmp-private | grep -qP "\tsnmp\tsnmp-public\tv2c\ttimeout\t"'
for dev in con-snmp-site con-no-agent; do
  check "$dev passes default-credentials with every SNMP request unanswered" \
    'row $dev | grep -P "\tdefault-credentials\tpass\t" | grep -q "4 SNMP request(s) unanswered"'
  check "$dev passes service-posture" 'row $dev | grep -qP "\tservice-posture\tpass\t"'
  check "$dev passes overall" 'row $dev | grep -qP "^$dev\tpass\t"'
done
check "the site's own community appears in no output" '! grep -rqF "Site-Ro-Community-9" "$tmp/out" "$tmp/table.txt"'
# Wrong communities cost their deadline (1.5 s each, 4 on con-snmp-site), on fibers beside the others.
check "the run stays within the deadlines ($took_ms ms)" '[ "$took_ms" -lt 15000 ]'

agents=$(pgrep -P "$lab_pid" -x snmpd | tr '\n' ' ')
stop_lab_process
sleep 0.2
check "SIGTERM to the lab stops its snmpd agents" '[ -z "$(for p in $agents; do kill -0 "$p" 2>/dev/null && echo "$p"; done)" ]'
finish
