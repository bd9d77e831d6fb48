#!/usr/bin/env bash
# BMCs over Redfish against tests/support/redfish_replay.py: identity, per-component firmware,
# default credentials within the lockout the BMC declares (the server counts and locks; the
# attempt journal carries failures across runs), posture; a certificate that does not match its
# pin, HTML, truncated JSON, a 50 MB body and a redirect each block their device with the reason,
# the servers' logs prove no credential reached them, and the other devices finish.
# Usage: redfish_rack.sh ATTEST_BINARY SOURCE_DIR
set -u
attest=$1 src=$2
fixtures=$src/tests/fixtures/redfish
tmp=$(mktemp -d /tmp/attest-redfish.XXXXXX)
source "$src/tests/support/background.sh"
source "$src/tests/support/checks.sh"

# cert NAME: a self-signed certificate as a BMC makes its own.
cert() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj "/CN=$1" \
    -keyout "$tmp/$1.key" -out "$tmp/$1.pem" 2>/dev/null
}
# pin NAME: the README's recipe, stock openssl only.
pin() {
  echo "SHA256:$(openssl x509 -in "$tmp/$1.pem" -outform DER | openssl dgst -sha256 -binary | base64 | tr -d '=')"
}
# serve NAME TREE CERT [args]: a replay server; sets port_NAME.
serve() {
  local name=$1 tree=$2 c=$3; shift 3
  /usr/bin/python3 "$src/tests/support/redfish_replay.py" --fixtures "$fixtures/$tree" --cert "$tmp/$c.pem" \
    --key "$tmp/$c.key" --port-file "$tmp/$name.port" --log "$tmp/$name.log" --accounts "$tmp/accounts.json" "$@" \
    >"$tmp/$name.out" 2>&1 &
  pids+=($!)
  local i
  for i in $(seq 100); do [ -s "$tmp/$name.port" ] && break; sleep 0.05; done
  [ -s "$tmp/$name.port" ] || { echo "replay server $name did not start: $(cat "$tmp/$name.out")"; exit 1; }
  touch "$tmp/$name.log"
  printf -v "port_$name" '%s' "$(cat "$tmp/$name.port")"
}
# credentials_sent NAME: requests that carried Authorization or X-Auth-Token, or a session POST.
credentials_sent() {
  python3 -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if (lambda r: r["authorization"] or r["x_auth_token"] or r["method"]=="POST")(json.loads(l))))' "$tmp/$1.log"
}
# finding DEVICE CHECK: "status: detail" of one finding in the report.
finding() {
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]));
d=[d for d in r["devices"] if d["name"]==sys.argv[2]][0]; f=[f for f in d["findings"] if f["check"]==sys.argv[3]][0]
print(f["status"]+": "+f["detail"])' "$tmp/out/report.json" "$1" "$2"
}

# expired NAME: a certificate that expired in 2020 (`openssl ca` sets the dates `req` cannot).
expired() {
  mkdir -p "$tmp/ca" && : >"$tmp/ca/index.txt" && echo 01 >"$tmp/ca/serial"
  printf '[ca]\ndefault_ca = d\n[d]\ndatabase = %s/ca/index.txt\nnew_certs_dir = %s/ca\nserial = %s/ca/serial\ndefault_md = sha256\npolicy = p\n[p]\ncommonName = supplied\n' \
    "$tmp" "$tmp" "$tmp" >"$tmp/ca/ca.cnf"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$1" -keyout "$tmp/$1.key" \
    -out "$tmp/$1.csr" 2>/dev/null
  openssl ca -batch -config "$tmp/ca/ca.cnf" -selfsign -keyfile "$tmp/$1.key" -in "$tmp/$1.csr" \
    -startdate 20200101000000Z -enddate 20200201000000Z -out "$tmp/$1.pem" 2>/dev/null
}

for c in bmc1 bmc2 other; do cert "$c"; done
expired old
printf '{"attest": "Site-Bmc-Pw-1", "root": "calvin-not"}\n' >"$tmp/accounts.json"
printf '{"schema": "attest.secrets/v1", "credentials": {"bmc": {"username": "attest", "password": "Site-Bmc-Pw-1"}}}\n' >"$tmp/secrets.json"
chmod 600 "$tmp/secrets.json"

serve good idrac9 bmc1
serve obmc openbmc bmc2 --open-account-service
serve ilo ilo6 bmc2
serve smc supermicro bmc2
serve xcc xcc bmc2
serve swapped idrac9 other
serve expired idrac9 old
for f in html truncated huge redirect; do serve "$f" idrac9 bmc1 --fault "$f"; done
serve late idrac9 bmc1 --fault "html@/redfish/v1/Systems/System.Embedded.1"

# device NAME PROFILE MODEL SERIAL PORT PIN
device() {
  printf '{"name": "%s", "role": "bmc", "profile": "%s", "transport": "redfish", "model": "%s", "serial": "%s", "address": "127.0.0.1", "port": %s, "host_key": "%s", "credential": "bmc", "position_u": 1}' "$@"
}
p1=$(pin bmc1) p2=$(pin bmc2)
devices=(
  "$(device bmc-good idrac-redfish 'PowerEdge R660' CNFCP0031A0042 "$port_good" "$p1")"
  "$(device bmc-obmc openbmc-redfish AST2600-EVB OBMC-2600-0042 "$port_obmc" "$p2")"
  "$(device bmc-ilo ilo-redfish 'ProLiant DL380 Gen11' CZ2D1F0042 "$port_ilo" "$p2")"
  "$(device bmc-smc supermicro-redfish SYS-221H-TNR S54321987654 "$port_smc" "$p2")"
  "$(device bmc-xcc xcc-redfish 'ThinkSystem SR650 V3' J1009ABC "$port_xcc" "$p2")"
  "$(device bmc-swapped idrac-redfish 'PowerEdge R660' CNFCP0031A0042 "$port_swapped" "$p1")"
  "$(device bmc-expired idrac-redfish 'PowerEdge R660' CNFCP0031A0042 "$port_expired" "$p1")"
)
for f in html truncated huge redirect late; do
  eval "port=\$port_$f"
  devices+=("$(device "bmc-$f" idrac-redfish 'PowerEdge R660' CNFCP0031A0042 "$port" "$p1")")
done
joined=$(IFS=,; echo "${devices[*]}")
printf '{"schema": "attest.inventory/v1", "site": "t", "defaults": {"port": 2222, "timeouts_ms": {"connect": 2000, "command": 4000, "total": 20000}}, "racks": [{"name": "r1", "devices": [%s]}]}\n' "$joined" >"$tmp/inventory.json"

rack() { "$attest" rack --inventory "$tmp/inventory.json" --db "$src/firmware-db" --allow-unsigned-db \
  --secrets "$tmp/secrets.json" --out "$tmp/out" --state "$tmp/state" --quiet; }

# attest pin reads the TLS certificate: the same pin as openssl computes.
sed "s|\"$p2\"|\"\"|" "$tmp/inventory.json" >"$tmp/unpinned.json"
expect 0 "bmc-obmc  127.0.0.1:$port_obmc  tls-certificate CN=bmc2  SHA256:" -- "$attest" pin --inventory "$tmp/unpinned.json" --out "$tmp/pinned.json" --device bmc-obmc
check "attest pin reads the certificate's SHA-256 as the README computes it" \
  "python3 -c 'import json,sys; d=[d for r in json.load(open(sys.argv[1]))[\"racks\"] for d in r[\"devices\"] if d[\"name\"]==\"bmc-obmc\"][0]; sys.exit(d[\"host_key\"]!=sys.argv[2])' '$tmp/pinned.json' '$p2'"

expect 1 "" -- rack
check "the run wrote a report" "[ -s '$tmp/out/report.json' ]"
check "identity passes from Systems Model and SerialNumber" "finding bmc-good identity | grep -q '^pass: Dell Inc. PowerEdge R660, serial CNFCP0031A0042'"
check "firmware: BMC, BIOS and CPLD approved, the NIC named as without policy" \
  "finding bmc-good firmware-version | grep -q '^pass: BMC: version 7.00.00.171 is approved.*BIOS: version 2.1.5.*CPLD.*without a policy (not judged): Broadcom Adv. Dual 25Gb Ethernet 22.31.6'"
check "root/calvin refused by both forms" "finding bmc-good default-credentials | grep -q '^pass: 2 factory-default request(s) refused'"
check "posture fails on HTTP enabled and the factory root account" \
  "finding bmc-good service-posture | grep -q '^fail: Redfish: HTTP is enabled (port 80); factory account .root. is enabled'"
check "TLS pin passes" "finding bmc-good host-key | grep -q '^pass: TLS certificate SHA256:'"
check "the good BMC counted 2 failures and never locked (threshold 3)" \
  "[ \$(grep -c '\"status\": 401.*\"user\": \"root\"' '$tmp/good.log') -eq 2 ] && ! grep -q '\"locked\": true' '$tmp/good.log'"
check "the session probe used POST .../Sessions" "grep -q '\"method\": \"POST\", \"path\": \"/redfish/v1/SessionService/Sessions\"' '$tmp/good.log'"
check "OpenBMC: AccountService read without a credential, threshold 0 means never locks" \
  "python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); d=[d for d in r[\"devices\"] if d[\"name\"]==\"bmc-obmc\"][0][\"evidence\"][\"redfish\"][\"lockout\"]; sys.exit(not(d[\"read_unauthenticated\"] and d[\"threshold\"]==0))' '$tmp/out/report.json'"
check "OpenBMC: root/0penBmc refused, IPMI on fails posture" \
  "finding bmc-obmc default-credentials | grep -q '^pass' && finding bmc-obmc service-posture | grep -q 'IPMI is enabled (port 623)'"
check "iLO, Supermicro and XCC trees read: identity passes" \
  "finding bmc-ilo identity | grep -q '^pass: HPE ProLiant DL380 Gen11, serial CZ2D1F0042' && finding bmc-smc identity | grep -q '^pass: Supermicro SYS-221H-TNR' && finding bmc-xcc identity | grep -q '^pass: Lenovo ThinkSystem SR650 V3'"
check "iLO's label password: not probeable, said so (skip), and no default sent" \
  "finding bmc-ilo default-credentials | grep -q '^skip: iLO 5/6 ship with user Administrator' && ! grep -q '\"user\": \"Administrator\"' '$tmp/ilo.log'"
check "Supermicro ADMIN/ADMIN and XCC USERID/PASSW0RD were probed and refused" \
  "finding bmc-smc default-credentials | grep -q '^pass: 2 ' && finding bmc-xcc default-credentials | grep -q '^pass: 2 ' && grep -q '\"user\": \"USERID\"' '$tmp/xcc.log'"
check "posture names each vendor's factory account and SSDP/IPMI" \
  "finding bmc-smc service-posture | grep -q \"IPMI is enabled (port 623).*factory account 'ADMIN' is enabled\" && finding bmc-ilo service-posture | grep -q \"SSDP is enabled.*factory account 'Administrator' is enabled\""
check "a model without a golden policy fails firmware-version" "finding bmc-xcc firmware-version | grep -q \"^fail: no golden policy for model 'ThinkSystem SR650 V3'\""
check "a swapped certificate fails host-key and says nothing was sent" \
  "finding bmc-swapped host-key | grep -q '^fail: device presented TLS certificate SHA256:.*CN=other.*no credentials were sent'"
check "the swapped BMC saw no HTTP request at all" "[ ! -s '$tmp/swapped.log' ]"
check "HTML instead of JSON blocks the device naming it" "finding bmc-html identity | grep -q '^error: service root unusable, no credential sent: GET /redfish/v1: the BMC answered HTML'"
check "truncated JSON blocks the device" "finding bmc-truncated identity | grep -q 'not valid JSON (truncated or malformed'"
check "a 50 MB body is cut at 1 MiB" "finding bmc-huge identity | grep -q 'exceeds 1 MiB; aborted'"
check "a redirect to another host is refused, not followed" "finding bmc-redirect identity | grep -q \"302 redirect to 'https://198.51.100.7/redfish/v1' refused\""
check "an expired certificate off its pin fails host-key" "finding bmc-expired host-key | grep -q '^fail: device presented TLS certificate SHA256:.*CN=old'"
for f in swapped expired html truncated huge redirect; do
  check "no credential reached the $f server" "[ \$(credentials_sent $f) -eq 0 ]"
done
check "HTML after the login blocks identity, the run goes on" "finding bmc-late identity | grep -q '^error: GET /redfish/v1/Systems/System.Embedded.1: the BMC answered HTML'"
check "no password in the report" "! grep -q 'Site-Bmc-Pw-1\\|\"calvin\"\\|$(printf attest:Site-Bmc-Pw-1 | base64)' '$tmp/out/report.json'"

# Second run: the journal remembers the 2 failures; threshold 3 leaves no room: nothing sent, error says why.
: >"$tmp/good.log"
expect 1 "" -- rack
check "second run: root/calvin not tried, the finding says the lockout window" \
  "finding bmc-good default-credentials | grep -q '^error: 2 factory-default request(s) not checked:.*AccountLockoutThreshold 3 with 2 failure(s) inside its 60 s counter window leaves 0'"
check "second run: the BMC saw no failed login and never locked" \
  "! grep -q '\"status\": 401.*\"user\": \"root\"' '$tmp/good.log' && ! grep -q '\"locked\": true' '$tmp/good.log'"
finish
