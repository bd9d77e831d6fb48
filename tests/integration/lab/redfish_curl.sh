#!/usr/bin/env bash
# attest-lab's Redfish BMCs against clients we did not write: curl (HTTPS, Basic, sessions, pinning,
# certificate checks) and openssl s_client / x509 (the served certificate). One lab of seven BMCs:
# a normal iDRAC with lockout 3 in 5 s for 5 s, one per hostile fault, and one with an expired cert.
# Usage: redfish_curl.sh LAB_BINARY
set -u
lab=$1
tmp=$(mktemp -d)
source "$(dirname "$0")/../../support/lab_process.sh"
hang_pid=
cleanup() { [ -n "$hang_pid" ] && kill "$hang_pid" 2>/dev/null; stop_lab_process; rm -rf "$tmp"; }
trap cleanup EXIT
source "$(dirname "$0")/../../support/checks.sh"

bmc() {  # name mockup redfish-extra
  printf '{"name":"%s","transport":"redfish","listen":"127.83.0.1:0","facts":{"model":"PowerEdge R660","serial":"7XQ9K24","version":"7.00.00.00","bios_version":"1.3.2"},"redfish":{"mockup":"%s","accounts":[{"username":"root","password":"calvin"}]%s}}' "$1" "$2" "$3"
}
cat >"$tmp/lab.json" <<JSON
{"schema":"attest.lab/v1","devices":[
 $(bmc ok idrac ',"lockout":{"threshold":3,"duration_s":5,"reset_after_s":5},"ipmi_enabled":true'),
 $(bmc html ilo ',"fault":"html"'),
 $(bmc truncated supermicro ',"fault":"truncated_json"'),
 $(bmc huge xcc ',"fault":"huge_body"'),
 $(bmc redirect openbmc ',"fault":"redirect_other_host"'),
 $(bmc hang idrac ',"fault":"hang"'),
 $(bmc expired ilo ',"cert_expired":true')
]}
JSON

start_lab_process "$tmp/ready.json" --spec "$tmp/lab.json" --stats "$tmp/stats.json" --quiet
check "lab is ready" '[ -s "$tmp/ready.json" ]'
# Ports and pins from the ready file, read once (python3 starts slowly on a loaded machine).
declare -A port spki sha
while read -r name p k c; do port[$name]=$p spki[$name]=$k sha[$name]=$c; done < <(python3 -c '
import json, sys
for d in json.load(open(sys.argv[1]))["devices"]:
    print(d["name"], d["port"], d["tls_spki_sha256"], d["tls_cert_sha256"])' "$tmp/ready.json")
url() { echo "https://127.83.0.1:${port[$1]}$2"; }
# curl with the certificate pinned by its public key (no CA: the certificate is self-signed).
rf() { local dev=$1; shift; curl -sS -k --pinnedpubkey "${spki[$dev]}" --max-time 10 "$@"; }
# "lockouts refused_while_locked locked auth_attempts" of a device, from a stats file written after
# now (removed first: the lab replaces it atomically on SIGUSR1).
counters() {
  rm -f "$tmp/stats.json"
  kill -USR1 "$lab_pid"
  for _ in $(seq 100); do [ -s "$tmp/stats.json" ] && break; sleep 0.02; done
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["devices"][sys.argv[2]]
print(d["lockouts"], d["refused_while_locked"], str(d["locked"]).lower(), d["auth_attempts"])' "$tmp/stats.json" "$1"
}

# The certificate, as openssl s_client receives it: the one in the ready file, SAN = the address.
openssl s_client -connect "127.83.0.1:${port[ok]}" </dev/null 2>/dev/null | openssl x509 -outform PEM >"$tmp/ok.pem"
fp=$(openssl x509 -in "$tmp/ok.pem" -noout -fingerprint -sha256 | sed 's/.*=//; s/://g' | tr 'A-F' 'a-f')
check "s_client's certificate is the ready file's tls_cert_sha256" '[ "$fp" = "${sha[ok]}" ]'
check "its subjectAltName is the device address" 'openssl x509 -in "$tmp/ok.pem" -noout -ext subjectAltName | grep -q "IP Address:127.83.0.1"'
check "it is valid now" 'openssl x509 -in "$tmp/ok.pem" -noout -checkend 0 >/dev/null'
openssl s_client -connect "127.83.0.1:${port[expired]}" </dev/null 2>/dev/null | openssl x509 -outform PEM >"$tmp/expired.pem"
check "the cert_expired BMC's certificate has expired" '! openssl x509 -in "$tmp/expired.pem" -noout -checkend 0 >/dev/null'
check "curl verifying against the saved certificate accepts the BMC (name = SAN IP)" \
  'curl -sS --cacert "$tmp/ok.pem" --max-time 10 "$(url ok /redfish/v1)" | grep -q "\"RedfishVersion\""'
expect 60 "expired" -- curl -sS --cacert "$tmp/expired.pem" --max-time 10 "$(url expired /redfish/v1)"
expect 90 "" -- curl -sS -k --pinnedpubkey "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" --max-time 10 "$(url ok /redfish/v1)"

# Authentication.
check "the service root answers without credentials" 'rf ok "$(url ok /redfish/v1/)" | grep -q "\"Systems\""'
code=$(rf ok -o "$tmp/401.json" -D "$tmp/401.h" -w '%{http_code}' "$(url ok /redfish/v1/Systems/System.Embedded.1)")
check "a Systems member without credentials is 401" '[ "$code" = 401 ]'
check "... with WWW-Authenticate: Basic realm" 'grep -qi "^WWW-Authenticate: Basic realm=\"RedfishService\"" "$tmp/401.h"'
check "with Basic root/calvin it names the serial and the BIOS" \
  'rf ok -u root:calvin "$(url ok /redfish/v1/Systems/System.Embedded.1)" | python3 -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if (d[\"SerialNumber\"], d[\"BiosVersion\"]) == (\"7XQ9K24\", \"1.3.2\") else 1)"'
check "NetworkProtocol declares IPMI on" \
  'rf ok -u root:calvin "$(url ok /redfish/v1/Managers/iDRAC.Embedded.1/NetworkProtocol)" | python3 -c "import json,sys; sys.exit(0 if json.load(sys.stdin)[\"IPMI\"][\"ProtocolEnabled\"] is True else 1)"'

# Sessions.
code=$(rf ok -o "$tmp/session.json" -D "$tmp/session.h" -w '%{http_code}' -H 'Content-Type: application/json' \
  -d '{"UserName":"root","Password":"calvin"}' "$(url ok /redfish/v1/SessionService/Sessions)")
token=$(sed -n 's/^X-Auth-Token: *//Ip' "$tmp/session.h" | tr -d '\r')
location=$(sed -n 's/^Location: *//Ip' "$tmp/session.h" | tr -d '\r')
check "a session POST is 201 with X-Auth-Token and Location" '[ "$code" = 201 ] && [ ${#token} -ge 32 ] && [ -n "$location" ]'
check "the token reads the firmware inventory" \
  '[ "$(rf ok -H "X-Auth-Token: $token" -o /dev/null -w "%{http_code}" "$(url ok /redfish/v1/UpdateService/FirmwareInventory)")" = 200 ]'
check "DELETE of the Location ends the session" \
  '[ "$(rf ok -X DELETE -H "X-Auth-Token: $token" -o /dev/null -w "%{http_code}" "$(url ok "$location")")" = 204 ]'
check "the ended session's token is 401" \
  '[ "$(rf ok -H "X-Auth-Token: $token" -o /dev/null -w "%{http_code}" "$(url ok /redfish/v1/Systems)")" = 401 ]'

# Lockout: 3 refusals lock root for 5 s, the right password included; then it opens again
# (duration_s is long enough for the checks in between on a loaded machine).
read -r _ _ _ attempts_before < <(counters ok)
for p in a b c; do rf ok -u "root:$p" -o /dev/null "$(url ok /redfish/v1/Systems)"; done
locked_at=$(date +%s%N)
code=$(rf ok -u root:calvin -o /dev/null -w '%{http_code}' "$(url ok /redfish/v1/Systems)")
check "after 3 refusals the right password is refused" '[ "$code" = 401 ]'
now=$(counters ok)
check "stats: one lockout, one refused while locked, locked now, the 4 logins counted ($now)" \
  '[ "$now" = "1 1 true $((attempts_before + 4))" ]'
until [ "$(rf ok -u root:calvin -o /dev/null -w "%{http_code}" "$(url ok /redfish/v1/Systems)")" = 200 ] ||
      [ $(( $(date +%s%N) - locked_at )) -gt 15000000000 ]; do sleep 0.25; done
open_ms=$(( ($(date +%s%N) - locked_at) / 1000000 ))
check "the right password works again once duration_s passed, not before (${open_ms} ms)" \
  '[ "$open_ms" -ge 4900 ] && [ "$open_ms" -lt 15000 ]'

# Hostile faults.
check "html: text/html" '[ "$(rf html -o /dev/null -w "%{content_type}" "$(url html /redfish/v1)")" = "text/html; charset=utf-8" ]'
rf truncated -o "$tmp/truncated.json" -D "$tmp/truncated.h" "$(url truncated /redfish/v1)"
length=$(sed -n 's/^Content-Length: *//Ip' "$tmp/truncated.h" | tr -d '\r')
check "truncated_json: Content-Length matches what arrived" '[ "$length" = "$(stat -c %s "$tmp/truncated.json")" ]'
check "truncated_json: ... and it is not JSON" '! python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$tmp/truncated.json" 2>/dev/null'
hwm_before=$(awk '/^VmHWM/ {print $2}' "/proc/$lab_pid/status")
size=$(rf huge -o /dev/null -w '%{size_download}' "$(url huge /redfish/v1)")
check "huge_body: 50 MiB arrive" '[ "$size" = 52428800 ]'
hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$lab_pid/status")
check "huge_body: the lab's peak RSS grew by less than 16 MiB ($hwm_before -> $hwm kB): streamed, never held" \
  '[ $((hwm - hwm_before)) -lt 16384 ]'
rf redirect -o /dev/null -D "$tmp/redirect.h" "$(url redirect /redfish/v1/Systems)"
check "redirect_other_host: 302 to https://127.0.0.99/..." \
  'grep -q "^HTTP/1.1 302" "$tmp/redirect.h" && grep -qi "^Location: https://127.0.0.99/redfish/v1/Systems" "$tmp/redirect.h"'
expect 28 "timed out" -- curl -sS -k --max-time 1 "$(url hang /redfish/v1)"
check "an oversized request head is 431" \
  '[ "$(rf ok -H "X-Pad: $(head -c 20000 /dev/zero | tr "\0" a)" -o /dev/null -w "%{http_code}" "$(url ok /redfish/v1)")" = 431 ]'

# A connection held by the hang fault does not keep the lab from stopping.
curl -sS -k --max-time 30 "$(url hang /redfish/v1)" >/dev/null 2>&1 &
hang_pid=$!
sleep 0.3
started=$(date +%s%N)
stop_lab_process
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
check "SIGTERM with a hanging connection open stops the lab in under 2 s (${elapsed_ms} ms)" '[ "$elapsed_ms" -lt 2000 ]'
wait "$hang_pid" 2>/dev/null
hang_pid=
finish
