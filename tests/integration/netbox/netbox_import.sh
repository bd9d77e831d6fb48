#!/usr/bin/env bash
# `attest inventory import netbox` against tests/support/netbox_replay.py: pagination
# followed (the device-types lookup too), the inventory written and loadable, unmappable
# devices named; 401/404/500/timeout/malformed/wrong shape/foreign `next`/redirect -> exit 2
# naming the path, never the token, nothing written; the token file's mode; --from-file;
# HTTPS with --ca-file (and refused without it).
# Usage: netbox_import.sh ATTEST_BINARY INVENTORY_CHECK_BINARY SOURCE_DIR
set -u
attest=$1 inventory_check=$2 src=$3
fixtures=$src/tests/fixtures/netbox
tmp=$(mktemp -d /tmp/attest-netbox.XXXXXX)
source "$src/tests/support/background.sh"
source "$src/tests/support/checks.sh"

token=0123456789abcdef0123456789abcdef01234567
printf '%s\n' "$token" >"$tmp/token"; chmod 600 "$tmp/token"
printf 'wrong-token-0000\n' >"$tmp/wrong"; chmod 600 "$tmp/wrong"

# serve NAME [--tls CERT KEY]: starts the replay server; sets $port.
serve() {
  local name=$1; shift
  rm -f "$tmp/$name.port"
  /usr/bin/python3 "$src/tests/support/netbox_replay.py" --fixtures "$fixtures" --token-file "$tmp/token" \
    --port-file "$tmp/$name.port" --log "$tmp/$name.log" "$@" >"$tmp/$name.out" 2>&1 &
  pids+=($!)
  local i
  for i in $(seq 100); do [ -s "$tmp/$name.port" ] && break; sleep 0.05; done
  port=$(cat "$tmp/$name.port" 2>/dev/null) || { echo "replay server did not start: $(cat "$tmp/$name.out")"; exit 1; }
}

# import OUT URL [extra args]: one import with the fixture MAP file.
import() {
  local out=$1 url=$2; shift 2
  "$attest" inventory import netbox --url "$url" --token-file "$tmp/token" --site ams-dc7 \
    --map "$fixtures/map.json" --out "$out" "$@"
}

serve http
base=http://127.0.0.1:$port

# NetBox 4: two device pages, device types looked up, 4 devices written, 4 named as skipped.
expect 0 "wrote 4 devices in 2 racks to $tmp/v4.json \(4 skipped\)" -- import "$tmp/v4.json" "$base/v4"
check "page 2 was requested through its next link" "grep -q '^/v4/api/dcim/devices/?.*offset=3 auth=ok' '$tmp/http.log'"
check "device types were looked up for u_height" "grep -q '^/v4/api/dcim/device-types/?limit=1000&id=10&id=11&id=13 auth=ok' '$tmp/http.log'"
out=$(import "$tmp/v4b.json" "$base/v4" 2>&1 >/dev/null)
check "no primary IPv4 is named with its pointer" \
  "grep -q 'skipped srv-r01-02: GET /v4/api/dcim/devices/?site=ams-dc7&limit=1000&exclude=config_context&offset=3: /results/0/primary_ip4: no primary IPv4 address' <<<\"\$out\""
check "an unknown platform is named" "grep -q \"skipped fw-r01: .*unknown platform: no rule matches platform 'panos'\" <<<\"\$out\""
check "a missing serial is named" "grep -q 'skipped srv-r01-03: .*/results/2/serial: has no serial number' <<<\"\$out\""
check "the 0U console server is written with mount 0u and no position_u" \
  "python3 -c 'import json,sys; d=[x for r in json.load(open(sys.argv[1]))[\"racks\"] for x in r[\"devices\"] if x[\"name\"]==\"cons-r01\"][0]; sys.exit(0 if d[\"mount\"]==\"0u\" and \"position_u\" not in d else 1)' '$tmp/v4.json'"
# The written file, its 0U device included, loads with the inventory loader:
expect 0 "r01 sw-r01-tor1 arista-eos 10.44.7.11" -- "$inventory_check" "$tmp/v4.json"
check "the token is in no output file" "! grep -rq '$token' '$tmp'/v4*.json"

# NetBox 3 (device_role) and --rack.
expect 0 "wrote 2 devices in 1 racks" -- import "$tmp/v3.json" "$base/v3"
expect 0 "wrote 1 devices in 1 racks" -- import "$tmp/r02.json" "$base/v4" --rack r02
expect 2 "site 'ams-dc7' has no rack 'r99'; nothing written|has no rack 'r99'" -- import "$tmp/r99.json" "$base/v4" --rack r99

# A refused token: exit 2 naming the path, not the token; nothing written.
out=$("$attest" inventory import netbox --url "$base/v4" --token-file "$tmp/wrong" --site ams-dc7 \
      --map "$fixtures/map.json" --out "$tmp/401.json" 2>&1); code=$?
check "401 exits 2" "[ $code -eq 2 ]"
check "401 names the path" "grep -q 'GET /v4/api/dcim/racks/?site=ams-dc7&limit=1000: HTTP 401' <<<\"\$out\""
check "401 does not show the token" "! grep -q 'wrong-token' <<<\"\$out\""
check "401 writes nothing" "[ ! -e '$tmp/401.json' ]"
check "the server saw the wrong token as wrong" "grep -q 'auth=bad' '$tmp/http.log'"

# Other bad answers: exit 2, the path named, nothing written.
expect 2 "GET /fail500/api/dcim/racks/.*HTTP 500" -- import "$tmp/500.json" "$base/fail500"
expect 2 "GET /nosuch/api/dcim/racks/.*HTTP 404" -- import "$tmp/404.json" "$base/nosuch"
expect 2 "GET /malformed/api/dcim/racks/.*invalid JSON at line 1.*malformed JSON" -- import "$tmp/bad.json" "$base/malformed"
expect 2 "GET /wrongshape/api/dcim/racks/.*/results: must be an array" -- import "$tmp/shape.json" "$base/wrongshape"
expect 2 "GET /evilnext/api/dcim/devices/.*the \`next\` link leads away from http://127.0.0.1:$port; refused" -- import "$tmp/evil.json" "$base/evilnext"
check "nothing was requested from the foreign next" "! grep -q '^/evilnext/.*offset=3' '$tmp/http.log'"
expect 2 "GET /redirect/api/dcim/racks/.*HTTP 302" -- import "$tmp/302.json" "$base/redirect"
start=$(date +%s%N)
expect 2 "GET /hang/api/dcim/racks/.*no complete answer within the deadline" -- import "$tmp/hang.json" "$base/hang" --timeout-ms 500
check "the deadline held (under 3 s)" "[ \$(( (\$(date +%s%N) - start) / 1000000 )) -lt 3000 ]"
check "no bad answer wrote a file" "! ls '$tmp'/{500,404,bad,shape,evil,302,hang}.json 2>/dev/null | grep -q ."

# The token file must be private.
chmod 644 "$tmp/token"
expect 2 "token" -- import "$tmp/mode.json" "$base/v4"
check "an exposed token file writes nothing" "[ ! -e '$tmp/mode.json' ]"
chmod 600 "$tmp/token"
expect 2 "give exactly one of --url or --from-file" -- "$attest" inventory import netbox --site s --map m --out o

# --from-file: the same inventory without a server.
expect 0 "wrote 4 devices in 2 racks" -- "$attest" inventory import netbox --from-file "$fixtures/export-v4.json" \
  --site ams-dc7 --map "$fixtures/map.json" --out "$tmp/export.json"
check "the export gives the same inventory as the API" "cmp -s '$tmp/export.json' '$tmp/v4.json'"

# HTTPS with a throwaway CA-less self-signed certificate for 127.0.0.1.
if openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=127.0.0.1 \
     -addext subjectAltName=IP:127.0.0.1 -keyout "$tmp/tls.key" -out "$tmp/tls.crt" 2>/dev/null; then
  serve https --tls "$tmp/tls.crt" "$tmp/tls.key"
  expect 0 "wrote 4 devices" -- import "$tmp/tls.json" "https://127.0.0.1:$port/v4" --ca-file "$tmp/tls.crt"
  expect 2 "GET /v4/api/dcim/racks/.*(certificate|SSL)" -- import "$tmp/notrust.json" "https://127.0.0.1:$port/v4"
  check "an unverified server writes nothing" "[ ! -e '$tmp/notrust.json' ]"
else
  echo "FAIL: openssl req could not make a certificate"; failures=$((failures + 1))
fi

finish
