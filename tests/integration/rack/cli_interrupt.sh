#!/usr/bin/env bash
# Interrupted and failed runs of `attest rack` against the demo lab, one device of
# which hangs (TCP open, never a banner): SIGINT after the fast devices finished
# gives exit 130 and a signed partial report that `attest gate` refuses; SIGTERM
# gives 143; a ledger changed under a run gives exit 3 with the table; every run
# first moves the earlier report to report.previous.json.
# Usage: cli_interrupt.sh ATTEST_BINARY LAB_BINARY SOURCE_DIR
set -u
attest=$(realpath "$1") lab=$(realpath "$2") src=$(realpath "$3")
tmp=$(mktemp -d)
lab_pid= run_pid=
cleanup() {
  [ -n "$run_pid" ] && kill -KILL "$run_pid" 2>/dev/null
  [ -n "$lab_pid" ] && kill "$lab_pid" 2>/dev/null
  wait 2>/dev/null; rm -rf "$tmp"
}
trap cleanup EXIT
source "$(dirname "$0")/../../support/checks.sh"
cd "$tmp"

fast="con-r01-1 sw-r01-tor2 sw-r01-oob" hang=srv-r01-02
# The lab serves the three fast devices and the hanging one; inventories list them.
# Addresses of their own (127.78.X.N, X from this shell's pid), so that another
# checkout's demo lab on this machine cannot hold them.
python3 - "$src/inventory/demo" "$fast" "$hang" "$(( $$ % 250 + 1 ))" <<'PY'
import json, sys
demo, fast, hang, octet = sys.argv[1], sys.argv[2].split(), sys.argv[3], sys.argv[4]
def moved(address): return address.replace("127.77.0.", f"127.78.{octet}.")
spec = json.load(open(f"{demo}/lab.json"))
spec["devices"] = [d for d in spec["devices"] if d["name"] in fast + [hang]]
for d in spec["devices"]:
    d["host_key"] = f"{demo}/{d['host_key']}"
    d["listen"] = moved(d["listen"])
    if d["name"] == hang: d["fault"] = "hang"
json.dump(spec, open("lab.json", "w"), indent=1)
inv = json.load(open(f"{demo}/inventory.json"))
def write(name, names, timeout_ms):
    out = json.loads(json.dumps(inv))
    out["racks"][0]["devices"] = [dict(d, address=moved(d["address"])) for d in inv["racks"][0]["devices"] if d["name"] in names]
    out["racks"] = out["racks"][:1]
    out["defaults"]["timeouts_ms"] = {"connect": timeout_ms, "auth": timeout_ms, "command": timeout_ms, "total": 2 * timeout_ms}
    json.dump(out, open(name, "w"), indent=1)
write("fast.json", fast, 5000)
write("hang.json", fast + [hang], 300000)   # holds the run until it is interrupted
write("slow.json", fast + [hang], 4000)     # the hanging device times out by itself
PY

"$lab" --spec lab.json --ready ready.json --quiet &
lab_pid=$!
for _ in $(seq 600); do [ -s ready.json ] && break; sleep 0.05; done
check "lab is ready" '[ -s ready.json ]' || { finish; exit 1; }

cp "$src/inventory/demo/secrets.json" secrets.json && chmod 600 secrets.json
cp -r "$src/firmware-db" db
"$attest" keygen --out db.key >/dev/null && "$attest" keygen --out report.key >/dev/null
"$attest" db sign --key db.key db >/dev/null
rack_args=(--db db --db-pubkey db.pub.pem --secrets secrets.json --sign-key report.key --out out)

# started INVENTORY [ARGS...]: starts a run in the background (attest itself,
# so that signals reach it), waits until the fast devices are in.
started() {
  rm -f run.out run.err  # the previous run's progress must not count
  "$attest" rack "${rack_args[@]}" --inventory "$@" >run.out 2>run.err &
  run_pid=$!
  for _ in $(seq 600); do grep -q "^\[  3/4\]" run.err && return 0; sleep 0.05; done
  return 1
}
finished() { wait "$run_pid"; code=$?; run_pid=; }

"$attest" rack "${rack_args[@]}" --inventory fast.json --ledger ledger.jsonl --quiet >/dev/null 2>&1
check "an earlier complete run left a report" '[ -s out/report.json ] && [ -s out/report.json.sig ]'
earlier=$(sha256sum <out/report.json)

# --- SIGINT -------------------------------------------------------------------
check "the fast devices finish while the hanging one holds the run" 'started hang.json'
check "the earlier report is moved aside as soon as the run starts" '[ ! -e out/report.json ] && [ "$(sha256sum <out/report.previous.json)" = "$earlier" ]'
check "its signature moves with it" '[ -s out/report.previous.json.sig ] && [ ! -e out/report.json.sig ]'
t0=$(date +%s%N)
kill -INT "$run_pid"
finished
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
check "SIGINT exits 130 (got $code)" '[ "$code" -eq 130 ]'
check "the interrupted run ends within 5 s of the signal (took $ms ms)" '[ "$ms" -lt 5000 ]'
check "the report is marked partial" 'grep -q "^  \"partial\": true," out/report.json'
check "the hanging device is error: interrupted" \
  'python3 -c "import json,sys; d={x[\"name\"]: x for x in json.load(open(\"out/report.json\"))[\"devices\"]}; f=d[\"'$hang'\"]; sys.exit(not (f[\"verdict\"] == \"error\" and f[\"findings\"][0][\"detail\"] == \"interrupted\"))"'
check "the fast devices keep their own verdicts" \
  'python3 -c "import json,sys; d=json.load(open(\"out/report.json\"))[\"devices\"]; sys.exit(not all(x[\"findings\"][0][\"detail\"] != \"interrupted\" for x in d if x[\"name\"] != \"'$hang'\"))"'
check "the table was printed with the interrupted device" 'grep -q "^'$hang' .*error .*interrupted" run.out'
check "stderr names the interruption" 'grep -q "interrupted by SIGINT" run.err'
check "stock openssl verifies the partial report's signature" \
  'openssl pkeyutl -verify -pubin -inkey report.pub.pem -rawin -in out/report.json -sigfile out/report.json.sig >/dev/null'
expect 1 "partial report: the run was interrupted" -- "$attest" gate --report out/report.json --pubkey report.pub.pem --device con-r01-1

# --- SIGTERM ------------------------------------------------------------------
check "a second run starts" 'started hang.json'
kill -TERM "$run_pid"
finished
check "SIGTERM exits 143 (got $code)" '[ "$code" -eq 143 ]'
check "the partial report of the SIGINT run is now the previous one" 'grep -q "\"partial\": true" out/report.previous.json'

# --- a failure after contact: exit 3, table printed ---------------------------
check "a ledger run starts" 'started slow.json --ledger ledger.jsonl'
tail -1 ledger.jsonl >>ledger.jsonl   # another run appended meanwhile: the head moved
finished
check "a ledger conflict after contact exits 3, not 2 (got $code)" '[ "$code" -eq 3 ]'
check "the reason names the ledger" 'grep -q "ledger.jsonl" run.err'
check "the table is printed all the same" 'grep -q "^con-r01-1 " run.out && grep -q "^'$hang' " run.out'

finish
