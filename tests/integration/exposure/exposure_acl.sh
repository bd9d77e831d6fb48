#!/usr/bin/env bash
# `attest exposure` against real kernel networking, no mocks: a network namespace the
# test creates (and always deletes), attest-lab devices inside it, an nftables ACL in
# that namespace that keeps the vantage's source address away from every device but
# two planted ones, and the vantage's probes bound to that address (--source-address).
#   d1  planted: SSH let through                       -> management-acl fail, names ssh 2222
#   d2  the ACL drops everything (filtered SYNs)       -> pass within the deadline
#   d3  the ACL rejects (TCP RST, ICMP unreachable)    -> pass, quickly
#   d4  planted: SNMP (a real snmpd, community public) let through, TCP dropped
#                                                      -> fail, names snmp udp 1161
# Nothing beyond a handshake is sent: the lab counts zero authentication requests.
# Usage: exposure_acl.sh ATTEST_BINARY LAB_BINARY SOURCE_DIR
set -u
attest=$(realpath "$1") lab=$(realpath "$2") src=$(realpath "$3")
[ "$(id -u)" -eq 0 ] || { echo "FAIL: needs root for ip netns and nft (CI runs as root)"; exit 1; }
command -v nft >/dev/null || { echo "FAIL: nft missing: scripts/install-deps.sh --test"; exit 1; }
ns=attest-exposure-$$ vantage=127.88.250.1
tmp=$(mktemp -d /tmp/attest-exposure.XXXXXX)
lab_pid=
cleanup() {
  [ -n "$lab_pid" ] && kill "$lab_pid" 2>/dev/null && wait "$lab_pid" 2>/dev/null
  ip netns del "$ns" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
source "$src/tests/support/checks.sh"
cd "$tmp"
in_ns() { ip netns exec "$ns" "$@"; }

ip netns add "$ns" && in_ns ip link set lo up && in_ns ip addr add "$vantage/32" dev lo ||
  { echo "FAIL: cannot create network namespace $ns"; exit 1; }

# The lab: four Debian hosts; d4 also runs snmpd answering community "public".
for i in 1 2 3 4; do ssh-keygen -q -t ed25519 -N '' -f "d$i.key"; done
python3 - <<'PY'
import json
devices, inventory = [], []
for i in range(1, 5):
    d = {"name": "d%d" % i, "profile": "generic-linux", "listen": "127.88.0.%d:2222" % i, "host_key": "d%d.key" % i,
         "facts": {"vendor": "Dell Inc.", "model": "PowerEdge R660", "serial": "EXP%04d" % i, "version": "12",
                   "hostname": "d%d" % i, "os_name": "Debian GNU/Linux"},
         "accounts": [{"username": "ops", "password": "Exposure-Login-1"}]}
    if i == 4:
        d["snmp"] = {"communities": ["public"], "port": 1161}
    devices.append(d)
    inventory.append({"name": "d%d" % i, "role": "bmc" if i == 4 else "server", "profile": "generic-linux",
                      "model": "PowerEdge R660", "serial": "EXP%04d" % i, "address": "127.88.0.%d" % i,
                      "host_key": "", "credential": "ops", "position_u": 10 + i,
                      **({"snmp_port": 1161} if i == 4 else {})})
json.dump({"schema": "attest.lab/v1", "devices": devices}, open("lab.json", "w"), indent=2)
json.dump({"schema": "attest.inventory/v1", "site": "exposure-dc",
           "defaults": {"port": 2222, "timeouts_ms": {"connect": 2000, "auth": 2000, "command": 2000, "total": 10000}},
           "racks": [{"name": "r88", "height_u": 42, "devices": inventory}]}, open("inventory.json", "w"), indent=2)
PY
# Not through in_ns: $! must be the lab itself (ip netns exec execs it), so the
# signals below reach it.
ip netns exec "$ns" "$lab" --spec lab.json --ready ready.json --stats stats.json --state state --quiet &
lab_pid=$!
for _ in $(seq 300); do [ -s ready.json ] && break; sleep 0.05; done
check "lab is ready in the namespace" '[ -s ready.json ]'

in_ns nft -f - <<NFT || echo "FAIL: nft ruleset"
table inet attest_acl {
  chain input {
    type filter hook input priority 0; policy accept;
    ip saddr $vantage ip daddr 127.88.0.1 accept
    ip saddr $vantage ip daddr 127.88.0.4 udp dport 1161 accept
    ip saddr $vantage ip daddr 127.88.0.3 meta l4proto tcp reject with tcp reset
    ip saddr $vantage ip daddr 127.88.0.3 reject
    ip saddr $vantage drop
  }
}
NFT
check "the ACL is in the test's namespace" 'in_ns nft list table inet attest_acl >/dev/null'

"$attest" keygen --out report.key >/dev/null
started=$(date +%s%N)
in_ns "$attest" exposure --inventory inventory.json --vantage tenant --source-address "$vantage" --out out \
  --sign-key report.key --ledger ledger.jsonl --connect-timeout-ms 1500 --udp-timeout-ms 800 --quiet >table.txt 2>err.txt
code=$?
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
cat table.txt err.txt
check "exposure exits 1: reachable devices" '[ "$code" -eq 1 ]'
finding() { python3 -c 'import json,sys
d=[d for d in json.load(open("out/report.json"))["devices"] if d["name"]==sys.argv[1]][0]
f=d["findings"][0]; print(f["check"] + " " + f["status"] + ": " + f["detail"])' "$1"; }
probe() { python3 -c 'import json,sys
d=[d for d in json.load(open("out/report.json"))["devices"] if d["name"]==sys.argv[1]][0]
p=[p for p in d["evidence"]["vantage"] if p["service"]==sys.argv[2]][0]; print(p[sys.argv[3]])' "$1" "$2" "$3"; }
check "d1 (let through) fails naming its SSH and its banner" \
  'finding d1 | grep -q "^management-acl fail: ssh 2222 reachable from vantage tenant (TCP handshake completed, banner .SSH-2.0-.*ACL not enforced$"'
check "d2 (dropped) passes: every endpoint filtered or silent" \
  'finding d2 | grep -q "^management-acl pass: no management endpoint reachable from vantage tenant: ssh 2222 filtered, telnet 23 filtered, http 80 filtered, https 443 filtered, snmp udp 161 silent, ipmi udp 623 silent$"'
check "d2's dropped SYN ends at the connect deadline" '[ "$(probe d2 ssh elapsed_ms)" -ge 1400 ] && [ "$(probe d2 ssh elapsed_ms)" -lt 3000 ]'
check "d3 (rejected) passes: RSTs and ICMP unreachables are refused" \
  'finding d3 | grep -q "^management-acl pass: .*ssh 2222 refused, telnet 23 refused, .*snmp udp 161 refused"'
check "d3's RST comes at once" '[ "$(probe d3 ssh elapsed_ms)" -lt 500 ]'
check "d4 fails: its SNMP agent answers; its TCP is filtered" \
  'finding d4 | grep -q "^management-acl fail: snmp udp 1161 reachable from vantage tenant (answered an SNMPv2c GET with community .public.): ACL not enforced$"'
check "every probe left from the vantage address" \
  '[ "$(python3 -c "import json; print(\" \".join(sorted({p[\"source_address\"] for d in json.load(open(\"out/report.json\"))[\"devices\"] for p in d[\"evidence\"][\"vantage\"]})))")" = "$vantage" ]'
check "the report records the vantage, its address and the interface it left by" \
  'python3 -c "import json,sys; v=json.load(open(\"out/report.json\"))[\"vantage\"]; sys.exit(v != {\"name\": \"tenant\", \"source_address\": \"$vantage\", \"sources\": [{\"address\": \"$vantage\", \"interface\": \"lo\"}]})"'
check "the run stays bounded by its deadlines (24 endpoints, 2 cores): $elapsed_ms ms" '[ "$elapsed_ms" -lt 20000 ]'
expect 0 "valid" -- "$attest" report verify --report out/report.json --pubkey report.pub.pem
expect 0 "intact, 1 entry" -- "$attest" ledger verify ledger.jsonl
check "report.html and junit.xml are written" '[ -s out/report.html ] && grep -q "management-acl" out/junit.xml'

rm -f stats.json
kill -USR1 "$lab_pid"
for _ in $(seq 40); do [ -s stats.json ] && break; sleep 0.05; done
check "nothing beyond a handshake: the lab counts zero authentication requests on its 4 devices" \
  '[ "$(python3 -c "import json; d=json.load(open(\"stats.json\"))[\"devices\"]; print(len(d), sum(x[\"auth_attempts\"] for x in d.values()))")" = "4 0" ]'
check "d1's SSH saw the connection the probe made" \
  '[ "$(python3 -c "import json; print(json.load(open(\"stats.json\"))[\"devices\"][\"d1\"][\"connections\"])")" -ge 1 ]'

# The gate asks for it: a rack report (signed by stock openssl with the same key) in
# which every device passed, and the vantage report from above.
rack_report() {  # FILE SITE
  cat >"$1" <<JSON
{"schema": "attest.report/v1", "site": "$2", "finished": "$(date -u +%Y-%m-%dT%H:%M:%S.000Z)", "partial": false,
 "golden_db": {"signed": true, "key_id": "$(printf '%064d' 0)"},
 "devices": [$(for i in 1 2 3 4; do printf '%s{"name": "d%d", "verdict": "pass", "findings": [{"check": "identity", "status": "pass", "detail": "model PowerEdge R660, serial EXP000%d"}]}' "$([ $i -gt 1 ] && echo ,)" $i $i; done)]}
JSON
  openssl pkeyutl -sign -inkey report.key -rawin -in "$1" -out "$1.sig"
}
rack_report rack.json exposure-dc
gate() { "$attest" gate --report rack.json --pubkey report.pub.pem "$@"; }
expect 0 "d2: PROMOTE" -- gate --device d2
expect 0 "d2: PROMOTE: .* shows every check passed; unreachable from vantage tenant$" -- \
  gate --device d2 --vantage-report out/report.json
expect 0 '"unreachable_from": \[' -- gate --device d3 --vantage-report out/report.json --json
expect 1 "vantage tenant \(out/report.json\): management-acl fail: ssh 2222 reachable from vantage tenant" -- \
  gate --device d1 --vantage-report out/report.json
expect 1 "vantage tenant \(out/report.json\): management-acl fail: snmp udp 1161 reachable" -- \
  gate --device d4 --vantage-report out/report.json
sleep 2  # the vantage report is then over a second old; a rack report made now is not
rack_report fresh.json exposure-dc
expect 1 "vantage tenant \(out/report.json\): report finished .* older than --max-age 1s" -- \
  "$attest" gate --report fresh.json --pubkey report.pub.pem --device d2 --vantage-report out/report.json --max-age 1s
cp out/report.json tampered.json && cp out/report.json.sig tampered.json.sig
sed -i 's/"filtered"/"refused"/' tampered.json
expect 1 "vantage report tampered.json: .*signature" -- gate --device d2 --vantage-report tampered.json
expect 2 "no-such.json" -- gate --device d2 --vantage-report no-such.json
rack_report other-site.json other-dc
expect 1 "vantage tenant \(out/report.json\): for site 'exposure-dc', not the rack report's 'other-dc'" -- \
  "$attest" gate --report other-site.json --pubkey report.pub.pem --device d2 --vantage-report out/report.json
expect 1 "not a vantage report" -- gate --device d2 --vantage-report rack.json
expect 1 "a vantage report \(attest exposure\) proves reachability only" -- \
  "$attest" gate --report out/report.json --pubkey report.pub.pem --device d2

# Bad input: nothing is written, exit 2.
expect 2 "--source-address 192.0.2.1 is not an address of this host" -- \
  in_ns "$attest" exposure --inventory inventory.json --vantage tenant --source-address 192.0.2.1 --out bad
expect 2 "--vantage: contains control character" -- \
  in_ns "$attest" exposure --inventory inventory.json --vantage "$(printf 'ten\033ant')" --out bad
check "a refused run writes nothing" '[ ! -e bad ]'
finish
