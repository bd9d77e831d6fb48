#!/usr/bin/env bash
# `attest rack --shard I/N` and `attest report merge` against a lab site of
# five racks (and an empty one), run through the Kubernetes entry points
# scripts/k8s/run-shard.sh and merge-shards.sh exactly as the Jobs run them:
# the shards cover every rack exactly once, the merged site report has the
# verdicts of an unsharded run, device for device and check for check, and
# `attest gate` decides the same on both; missing, overlapping, tampered,
# mixed-DB, mixed-N and interrupted shards are refused with exit 2.
# Usage: shard_merge.sh ATTEST_BINARY LAB_BINARY SOURCE_DIR
set -u
attest=$(realpath "$1") lab=$(realpath "$2") src=$(realpath "$3")
tmp=$(mktemp -d)
lab_pid= hang_lab_pid= shard_pid=
cleanup() {
  [ -n "$shard_pid" ] && kill -KILL "$shard_pid" 2>/dev/null
  [ -n "$lab_pid" ] && kill "$lab_pid" 2>/dev/null
  [ -n "$hang_lab_pid" ] && kill "$hang_lab_pid" 2>/dev/null
  wait 2>/dev/null; rm -rf "$tmp"
}
trap cleanup EXIT
source "$(dirname "$0")/../../support/checks.sh"
here=$(dirname "$(realpath "$0")") k8s=$src/scripts/k8s
cd "$tmp"

python3 "$here/make_site.py" "$src/inventory/demo" "$(( $$ % 250 + 1 ))" . || exit 1
start_lab() {  # SPEC READY [ARGS...]: starts a lab, prints its pid
  "$lab" --spec "$1" --ready "$2" --quiet "${@:3}" >/dev/null 2>&1 &
  echo $!
}
lab_pid=$(start_lab lab.json ready.json --state state)
hang_lab_pid=$(start_lab hang-lab.json hang-ready.json)
for _ in $(seq 600); do [ -s ready.json ] && [ -s hang-ready.json ] && break; sleep 0.05; done
check "both labs are ready" '[ -s ready.json ] && [ -s hang-ready.json ]' || { finish; exit 1; }

# --- site inputs, laid out as the attest-inputs ConfigMap and the Secrets --------
mkdir -p inputs secret-volume
cp -r "$src/firmware-db" db
"$attest" keygen --out db.key >/dev/null && "$attest" keygen --out report.key >/dev/null
"$attest" db sign --key db.key db >/dev/null
tar -C db -cf inputs/db.tar . && cp db.pub.pem report.pub.pem inputs/ && cp site.json inputs/inventory.json
cp "$src/inventory/demo/secrets.json" secret-volume/secrets.json && cp report.key secret-volume/report.key
chmod 640 secret-volume/*  # as an fsGroup secret volume leaves them: attest refuses these as they are
install -m 600 secret-volume/secrets.json secrets.json
ca=state/tpm-ca
"$attest" enroll --inventory site.json --db db --db-pubkey db.pub.pem --secrets secrets.json --out inputs/enrollments.json \
  --tpm-root "$ca/swtpm-localca-rootca-cert.pem" --tpm-intermediate "$ca/issuercert.pem" >/dev/null
check "the TPM devices are enrolled" '[ "$(grep -c "\"ak_name\"" inputs/enrollments.json)" -eq 7 ]'

# --- the unsharded run: the verdicts the shards must reproduce -----------------
"$attest" rack --inventory inputs/inventory.json --db db --db-pubkey db.pub.pem --secrets secrets.json \
  --enrollments inputs/enrollments.json --sign-key report.key --out full --quiet >full.txt 2>&1
code=$?
check "the unsharded run exits 1 (planted faults)" '[ "$code" -eq 1 ]'
check "the unsharded report has no shard record" 'grep -q "\"shard\": null" full/report.json'

# --- the shards, through the Indexed Job's entry point ---------------------------
shard_env() {  # INDEX N REPORTS: the environment attest-shards.yaml gives pod INDEX
  echo ATTEST="$attest" JOB_COMPLETION_INDEX="$1" ATTEST_SHARDS="$2" ATTEST_REPORTS="$3" ATTEST_INPUTS=inputs \
    ATTEST_SECRETS=secret-volume/secrets.json ATTEST_SIGN_KEY=secret-volume/report.key \
    ATTEST_PRIVATE_DIR="private-$2-$1" ATTEST_OPERATOR=kubernetes ATTEST_MAX_SESSIONS=64
}
run_shard() { env $(shard_env "$@") "$k8s/run-shard.sh" >"shard-$2-$1.log" 2>&1; }
for i in 0 1 2; do
  run_shard "$i" 3 reports; code=$?
  check "shard $i/3 exits 0 (blocked devices are a verdict, not a failed pod)" '[ "$code" -eq 0 ]'
  check "shard $i/3 wrote a signed report" \
    '"$attest" report verify --report reports/shard-$i/report.json --pubkey report.pub.pem >/dev/null'
done
check "the secrets were copied 0600 for attest" '[ "$(stat -c %a private-3-0/secrets.json private-3-0/report.key | sort -u)" = 600 ]'
check "no shard log holds a secret" '! grep -qF -e "Demo-Netops-2026!" -e "Winter2023!" shard-3-*.log'

python3 - reports full/report.json <<'PY' >coverage.txt
import json, sys
shards = [json.load(open(f"{sys.argv[1]}/shard-{i}/report.json")) for i in range(3)]
full = json.load(open(sys.argv[2]))
racks = [r["name"] for s in shards for r in s["racks"]]
print("racks", " ".join(sorted(racks)))
print("unique", len(racks) == len(set(racks)))
print("devices", sum(len(s["devices"]) for s in shards), len(full["devices"]))
print("whole-racks", all(d["rack"] in {r["name"] for r in s["racks"]} for s in shards for d in s["devices"]))
print("loads", " ".join(str(len(s["devices"])) for s in shards))
print("records", all(s["shard"]["index"] == i and s["shard"]["count"] == 3 for i, s in enumerate(shards)))
PY
check "the shards cover every rack, the empty one too" 'grep -qx "racks r01 r02 r03 r04 r05 r06" coverage.txt'
check "no rack is in two shards" 'grep -qx "unique True" coverage.txt'
check "no rack is split" 'grep -qx "whole-racks True" coverage.txt'
check "the shards hold every device once" 'grep -qx "devices 17 17" coverage.txt'
check "the shards are balanced by devices (6, 6, 5)" 'grep -qx "loads 6 6 5" coverage.txt'
check "each report records its shard I/N" 'grep -qx "records True" coverage.txt'

# --- the merge, through the merge Job's entry point ------------------------------
merge_env() {  # N REPORTS
  echo ATTEST="$attest" ATTEST_SHARDS="$1" ATTEST_REPORTS="$2" ATTEST_INPUTS=inputs \
    ATTEST_SIGN_KEY=secret-volume/report.key ATTEST_PRIVATE_DIR=private-merge ATTEST_OPERATOR=kubernetes
}
env $(merge_env 3 reports) "$k8s/merge-shards.sh" >merge.log 2>&1; code=$?
check "the merge exits 0 and says what it merged" '[ "$code" -eq 0 ] && grep -q "merged 3 shards: 17 devices in 6 racks" merge.log'
check "the site report, its signature, HTML and JUnit are written" \
  '[ -s reports/site/report.json ] && [ -s reports/site/report.json.sig ] && [ -s reports/site/report.html ] && [ -s reports/site/junit.xml ]'
check "the site report's signature verifies" \
  '"$attest" report verify --report reports/site/report.json --pubkey report.pub.pem >/dev/null'
python3 "$here/compare_reports.py" full/report.json reports/site/report.json reports >compare.txt 2>&1
code=$?; cat compare.txt
check "the site report has the unsharded run's verdicts and findings, in inventory order" '[ "$code" -eq 0 ]'
check "the JUnit has as many test cases as the unsharded run's" \
  '[ "$(grep -c "<testcase" reports/site/junit.xml)" -eq "$(grep -c "<testcase" full/junit.xml)" ]'
same_gate=0
for device in $(python3 -c 'import json,sys; print(" ".join(d["name"] for d in json.load(open(sys.argv[1]))["devices"]))' full/report.json); do
  "$attest" gate --report full/report.json --pubkey report.pub.pem --device "$device" --db-pubkey db.pub.pem >/dev/null; a=$?
  "$attest" gate --report reports/site/report.json --pubkey report.pub.pem --device "$device" --db-pubkey db.pub.pem >/dev/null; b=$?
  [ "$a" -eq "$b" ] && [ "$a" -le 1 ] && same_gate=$((same_gate + 1))
done
check "attest gate decides the same for all 17 devices on both reports" '[ "$same_gate" -eq 17 ]'
expect 0 "srv-r01-01: PROMOTE" -- "$attest" gate --report reports/site/report.json --pubkey report.pub.pem --device srv-r01-01
expect 1 "default-credentials fail" -- "$attest" gate --report reports/site/report.json --pubkey report.pub.pem --device sw-r01-tor2

# --- refusals ---------------------------------------------------------------------
merge() { "$attest" report merge "$@" --pubkey report.pub.pem --out refused; }
s0=reports/shard-0/report.json s1=reports/shard-1/report.json s2=reports/shard-2/report.json
missing_racks=$(python3 -c 'import json,sys; print(", ".join(r["name"] for r in json.load(open(sys.argv[1]))["racks"]))' "$s2")
expect 2 "missing shards: 2/3 \(racks $missing_racks\)" -- merge "$s0" "$s1"
rm -rf reports-gap && cp -r reports reports-gap && rm -r reports-gap/shard-1 reports-gap/site
env $(merge_env 3 reports-gap) "$k8s/merge-shards.sh" >gap.log 2>&1; code=$?
check "merge-shards.sh names the missing shard and exits 2" '[ "$code" -eq 2 ] && grep -q "missing shards: 1/3" gap.log'
expect 2 "shard 0/3 is also .*overlapping shards" -- merge "$s0" "$s1" "$s2" "$s0"
expect 2 "/shard: null: not a shard report" -- merge full/report.json
expect 2 "/shard: null: not a shard report" -- merge reports/site/report.json
expect 2 "signature does not verify .*refusing a shard report that does not verify" -- \
  "$attest" report merge "$s0" "$s1" "$s2" --pubkey db.pub.pem --out refused
mkdir -p tampered && cp "$s1" tampered/report.json && cp "$s1.sig" tampered/report.json.sig
sed -i '0,/"verdict": "fail"/s//"verdict": "pass"/' tampered/report.json
expect 2 "tampered/report.json.sig: signature does not verify .*modified after signing" -- merge "$s0" tampered/report.json "$s2"
mkdir -p unsigned && cp "$s1" unsigned/report.json
expect 2 "unsigned/report.json.sig: cannot open" -- merge "$s0" unsigned/report.json "$s2"

# A shard run against another DB (signed by another key): mixed manifests.
mkdir -p inputs-b && cp inputs/* inputs-b/ && rm -rf db-b && cp -r "$src/firmware-db" db-b
"$attest" keygen --out db-b.key >/dev/null && "$attest" db sign --key db-b.key db-b >/dev/null
tar -C db-b -cf inputs-b/db.tar . && cp db-b.pub.pem inputs-b/db.pub.pem
env $(shard_env 2 3 reports-b) ATTEST_INPUTS=inputs-b "$k8s/run-shard.sh" >shard-b.log 2>&1
expect 2 "reports-b/shard-2/report.json: /golden_db/manifest_sha256: [0-9a-f]{16}\.\.\. differs .*mixed golden DB manifests" -- merge "$s0" "$s1" reports-b/shard-2/report.json
# A shard of a two-way split beside the three-way one: mixed N.
run_shard 1 2 reports-2
expect 2 "reports-2/shard-1/report.json: /shard/count: 2 differs .*mixed shard counts" -- merge "$s0" "$s1" "$s2" reports-2/shard-1/report.json
check "no refused merge wrote anything" '[ ! -e refused ]'
# Each shard verifies under one of the keys given; blocked devices exit 1, as a rack run.
expect 1 "merged 3 shards: 17 devices in 6 racks: 6 pass, 10 fail, 1 error" -- \
  "$attest" report merge --pubkey db.pub.pem "$s0" "$s1" "$s2" --pubkey report.pub.pem --out two-keys

# --- --shard on the command line ----------------------------------------------
rack() { "$attest" rack --inventory site.json --db db --db-pubkey db.pub.pem --secrets secrets.json --out never --quiet "$@"; }
expect 2 "--shard '0/0': the shard count N must be 1 to" -- rack --shard 0/0
expect 2 "--shard '3/2': index 3 is not below N = 2 \(0-based: the last shard is 1/2\)" -- rack --shard 3/2
expect 2 "--shard 'a/b': expected I/N" -- rack --shard a/b
expect 2 "--shard '-1/2': expected I/N" -- rack --shard -1/2
expect 2 "--shard '1/': expected I/N" -- rack --shard 1/
expect 2 "--shard and --rack together" -- rack --shard 0/2 --rack r01
expect 2 "--shard and --enroll together" -- rack --shard 0/2 --enroll --enrollments e.json
expect 2 "has 5 racks with devices; N must be at most that" -- rack --shard 0/6
expect 0 "--shard arg +only shard I of N, 0 <= I < N \(0-based, as" -- "$attest" rack --help
check "no refused run wrote anything" '[ ! -e never ]'

# --- an interrupted shard: SIGTERM to the pod's entry point ---------------------
mkdir -p inputs-h && cp inputs/* inputs-h/ && cp hang.json inputs-h/inventory.json && rm inputs-h/enrollments.json
env $(shard_env 0 1 reports-h) ATTEST_INPUTS=inputs-h "$k8s/run-shard.sh" >shard-h.log 2>&1 &
shard_pid=$!
# attest creates its output directory just before it contacts devices (and
# starts handling signals); the fast device then needs well under a second.
for _ in $(seq 400); do [ -d reports-h/shard-0 ] && break; sleep 0.05; done
sleep 1
kill -TERM "$shard_pid"; wait "$shard_pid"; code=$?; shard_pid=
check "SIGTERM to run-shard.sh reaches attest: exit 143" '[ "$code" -eq 143 ]'
check "the interrupted shard wrote a partial report" 'grep -q "\"partial\": true" reports-h/shard-0/report.json'
expect 2 "/partial: true: an interrupted shard; run it again" -- merge reports-h/shard-0/report.json

finish
