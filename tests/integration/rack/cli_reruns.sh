#!/usr/bin/env bash
# Re-runs that never lock a device out. The lab enforces a lockout on one
# opengear console server (8 failed requests within 600 s lock it, after
# which even the right password is refused), the threshold its profile's
# attempt budget stays under. Three quick `attest rack` runs sharing one
# --state never lock it: the attempt journal takes each run's failures off
# the next run's budget. The same three runs with a fresh --state each lock it,
# so the journal is what prevents the lockout. Also: --device and
# --failed-from selection (an unsigned, modified or other-site report is
# refused, exit 2), the journal's mode, and a corrupt journal refused.
# Usage: cli_reruns.sh ATTEST_BINARY LAB_BINARY SOURCE_DIR
set -u
attest=$(realpath "$1") lab=$(realpath "$2") src=$(realpath "$3")
tmp=$(mktemp -d)
source "$(dirname "$0")/../../support/lab_process.sh"
cleanup() { stop_lab_process; rm -rf "$tmp"; }
trap cleanup EXIT
source "$(dirname "$0")/../../support/checks.sh"
cd "$tmp"

locking=con-r01-1 other=sw-r01-oob
python3 - "$src/inventory/demo" "$locking $other" "$(( $$ % 250 + 1 ))" <<'PY'
import json, sys
demo, names, octet = sys.argv[1], sys.argv[2].split(), sys.argv[3]
def moved(address): return address.replace("127.77.0.", f"127.76.{octet}.")
spec = json.load(open(f"{demo}/lab.json"))
spec["devices"] = [d for d in spec["devices"] if d["name"] in names]
for d in spec["devices"]:
    d["host_key"] = f"{demo}/{d['host_key']}"
    d["listen"] = moved(d["listen"])
    if d["name"] == names[0]: d["lockout"] = {"threshold": 8, "window_s": 600}
json.dump(spec, open("lab.json", "w"), indent=1)
inv = json.load(open(f"{demo}/inventory.json"))
inv["racks"][0]["devices"] = [dict(d, address=moved(d["address"])) for d in inv["racks"][0]["devices"] if d["name"] in names]
inv["racks"] = inv["racks"][:1]
json.dump(inv, open("inventory.json", "w"), indent=1)
inv["site"] = "another-site"
json.dump(inv, open("other-site.json", "w"), indent=1)
PY

start_lab_process ready.json --spec lab.json --stats stats.json --quiet
check "lab is ready" '[ -s ready.json ]' || { finish; exit 1; }
# labstat FIELD: the locking device's counter, from a fresh snapshot.
labstat() {
  local before; before=$(stat_taken)
  kill -USR1 "$lab_pid"
  for _ in $(seq 200); do [ "$(stat_taken)" != "$before" ] && break; sleep 0.02; done
  python3 -c "import json,sys; print(json.load(open('stats.json'))['devices']['$locking']['$1'])"
}
stat_taken() { python3 -c "import json; print(json.load(open('stats.json'))['taken_at_monotonic_ns'])" 2>/dev/null; }

cp "$src/inventory/demo/secrets.json" secrets.json && chmod 600 secrets.json
cp -r "$src/firmware-db" db
"$attest" keygen --out db.key >/dev/null && "$attest" keygen --out report.key >/dev/null && "$attest" keygen --out other.key >/dev/null
"$attest" db sign --key db.key db >/dev/null
rack() { "$attest" rack --inventory inventory.json --db db --db-pubkey db.pub.pem --secrets secrets.json --quiet "$@"; }

# --- three quick runs sharing one journal: never locked --------------------
for run in 1 2 3; do
  rack --device "$locking" --sign-key report.key --out "shared/out-$run" --state shared/state >"run-$run.out" 2>&1
  code=$?
  check "shared journal: run $run is not a usage error (got $code)" '[ "$code" -ne 2 ]'
  check "shared journal: the lab never locked $locking after run $run" '[ "$(labstat lockouts)" = 0 ] && [ "$(labstat locked)" = False ]'
done
check "the journal is mode 0600" '[ "$(stat -c %a shared/state/attempts.json)" = 600 ]'
check "it holds no password" '! grep -q -e "Winter2023" -e "Demo-Netops" -e "jd0e" -e "\"default\"" shared/state/attempts.json'
check "it records the first run's failures with device, address, user and run" \
  'python3 -c "import json,sys; e=json.load(open(\"shared/state/attempts.json\"))[\"entries\"]; sys.exit(not (len(e) >= 6 and all(x[\"device\"] == \"'$locking'\" and x[\"address\"].startswith(\"127.76.\") and x[\"run\"] for x in e)))"'
check "the later runs took the earlier failures off the budget and say so" \
  'python3 -c "import json,sys; r=json.load(open(\"shared/out-3/report.json\")); j=r[\"attempt_journal\"]; sys.exit(not (j[\"earlier_failures\"][\"'$locking'\"] >= 6 and r[\"selection\"] == {\"by\": \"device\", \"devices\": [\"'$locking'\"]}))"'
check "candidates that no longer fit are not tried, over budget" 'grep -q "inside the device.s lockout window" shared/out-3/report.json'
failures_shared=$(python3 -c "import json; print(len(json.load(open('shared/state/attempts.json'))['entries']))")
check "all three runs together sent fewer failed requests than the lockout threshold ($failures_shared < 8)" '[ "$failures_shared" -lt 8 ]'

# --- the same three runs with a fresh journal each: locked -------------------
# The lab's lockout lasts its window: a second lab process starts clean.
stop_lab_process
start_lab_process ready.json --spec lab.json --stats stats.json --quiet
for run in 1 2 3; do
  rack --device "$locking" --out "fresh/out-$run" --state "fresh/state-$run" >/dev/null 2>&1
done
check "without the journal the same three runs lock $locking (lockouts $(labstat lockouts))" '[ "$(labstat lockouts)" -ge 1 ]'
check "and the locked device refused requests, the right password too" '[ "$(labstat refused_while_locked)" -ge 1 ]'

# --- selection -----------------------------------------------------------------
expect 2 "no device named 'nope'" -- "$attest" rack --inventory inventory.json --db db --db-pubkey db.pub.pem \
  --secrets secrets.json --out sel --state sel-state --device nope
expect 2 "choose one" -- "$attest" rack --inventory inventory.json --db db --db-pubkey db.pub.pem \
  --secrets secrets.json --out sel --device "$locking" --rack r01
base=shared/out-1/report.json
check "the earlier report blocked $locking" 'grep -q "\"verdict\": \"error\"\|\"verdict\": \"fail\"" '$base
expect 2 "signature does not verify" -- "$attest" rack --inventory inventory.json --db db --db-pubkey db.pub.pem \
  --secrets secrets.json --out sel --state sel-state --failed-from "$base" --pubkey other.pub.pem
cp "$base" modified.json && cp "$base.sig" modified.json.sig && sed -i 's/"verdict": "fail"/"verdict": "pass"/' modified.json
expect 2 "modified after signing" -- "$attest" rack --inventory inventory.json --db db --db-pubkey db.pub.pem \
  --secrets secrets.json --out sel --state sel-state --failed-from modified.json --sign-key report.key
cp "$base" unsigned.json
expect 2 "unsigned.json.sig" -- "$attest" rack --inventory inventory.json --db db --db-pubkey db.pub.pem \
  --secrets secrets.json --out sel --state sel-state --failed-from unsigned.json --sign-key report.key
expect 2 "is not the site of other-site.json" -- "$attest" rack --inventory other-site.json --db db --db-pubkey db.pub.pem \
  --secrets secrets.json --out sel --state sel-state --failed-from "$base" --pubkey report.pub.pem
rack --failed-from "$base" --pubkey report.pub.pem --out sel --state sel-state >/dev/null 2>&1
check "--failed-from re-checks the blocked devices only and records the report it came from" \
  'python3 -c "import json,sys; r=json.load(open(\"sel/report.json\")); s=r[\"selection\"]; sys.exit(not (s[\"by\"] == \"failed-from\" and \"'$locking'\" in s[\"devices\"] and s[\"report\"][\"sha256\"] and [d[\"name\"] for d in r[\"devices\"]] == s[\"devices\"]))"'

# --- a corrupt journal is an error, never reset --------------------------------
mkdir -p corrupt && printf '{"schema": "attest.attempts/v1", "entries": [{"device": 3}]}' >corrupt/attempts.json && chmod 600 corrupt/attempts.json
expect 2 "attempts.json: /entries/0/device" -- "$attest" rack --inventory inventory.json --db db --db-pubkey db.pub.pem \
  --secrets secrets.json --out sel --state corrupt --device "$locking"
check "the corrupt journal is left as it was" 'grep -q "\"device\": 3" corrupt/attempts.json'
finish
