#!/usr/bin/env bash
# The gate against hostile servers: scripted paramiko servers (hostile_ssh.py) and raw TCP
# tricks (raw_tcp.py), each on its own 127.82.0.N address. Every scenario is its own
# `attest rack` run beside a clean attest-lab device, all runs in parallel: a scenario that
# breaks the whole run (exit 3, no report) costs only its own checks.
# Each asserts the verdict, the blocking check, the device's time against its deadline,
# and that the companion device still passes.
# Usage: hostile.sh ATTEST_BINARY LAB_BINARY SOURCE_DIR
set -u
attest=$(realpath "$1") lab=$(realpath "$2") src=$(realpath "$3") net=127.82
source "$(dirname "$0")/common.sh"
$py -c 'import paramiko' 2>/dev/null || { echo "FAIL: python3-paramiko missing: scripts/install-deps.sh --test"; exit 1; }

login=ops login_pw="Hostile-Login-$$" retired_pw="Hostile-Retired-$$"
lifetime=25  # every server exits by itself after this, even if the gate hangs on it
export RACK_TIMEOUT=20  # a gate run that hangs on a server is cut off (exit 124) before the servers go
connect_ms=2000 auth_ms=1500 command_ms=2000 total_ms=6000
timeouts="{\"connect\": $connect_ms, \"auth\": $auth_ms, \"command\": $command_ms, \"total\": $total_ms}"
secrets "$tmp/secrets.json" "\"login\": {\"username\": \"$login\", \"password\": \"$login_pw\"}" \
  "[{\"id\": \"old-svc\", \"username\": \"svc\", \"password\": \"$retired_pw\", \"reason\": \"rotated in the test\"}]"

start_lab
scenarios=(accept-any partial weak utf8 ansi stall-auth endless-lines huge drip stall-banner stall-kex)
declare -A address
n=0
for s in "${scenarios[@]}"; do
  n=$((n + 1)) address[$s]=$net.0.$n
  mkdir -p "$tmp/srv-$s"
  case $s in  # raw servers have no key: their pin is never reached
    weak) ssh-keygen -q -t dsa -b 1024 -m PEM -N '' -f "$tmp/srv-$s/key" ;;
    *) ssh-keygen -q -t ed25519 -N '' -f "$tmp/srv-$s/key" ;;
  esac
done
raw() { case $1 in endless-lines | huge | drip | stall-banner | stall-kex) return 0 ;; esac; return 1; }
for s in "${scenarios[@]}"; do
  if raw "$s"; then
    spawn "$tmp/srv-$s/log" $py "$here/raw_tcp.py" "$s" "${address[$s]}" 2222 "$tmp/srv-$s/events" "$lifetime"
  else
    spawn "$tmp/srv-$s/log" $py "$here/hostile_ssh.py" "$s" "${address[$s]}" 2222 "$tmp/srv-$s/key" \
      "$tmp/srv-$s/events" "$login" "$login_pw" "$lifetime"
  fi
done
for s in "${scenarios[@]}"; do wait_listening "${address[$s]}" 2222 || { cat "$tmp/srv-$s/log"; exit 1; }; done

runs=()
for s in "${scenarios[@]}"; do
  inventory "$tmp/$s.json" "$timeouts" \
    "$(device "$s" "${address[$s]}" 2222 "$(fingerprint "$tmp/srv-$s/key.pub")" login "SRV-${s^^}" 1)" "$(lab_device)"
  rack "$s" "$tmp/$s.json" "$tmp/secrets.json" & runs+=($!)
done
wait "${runs[@]}"

events() { cat "$tmp/srv-$1/events" 2>/dev/null; }
# The servers are hostile as claimed, seen by clients other than attest (after the gate
# runs, so their events stay the gate's): OpenSSH's client for the algorithms, a socket
# for the banner bytes.
ossh() { timeout 10 ssh -vv -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
  -o PreferredAuthentications=none -o ConnectTimeout=5 -p 2222 "$@" true 2>&1; }
weak_algs='-oKexAlgorithms=diffie-hellman-group1-sha1 -oHostKeyAlgorithms=ssh-dss -oCiphers=3des-cbc -oMACs=hmac-md5'
check "weak: the server negotiates group1, ssh-dss, 3des-cbc, hmac-md5 with OpenSSH's client" \
  'ossh $weak_algs probe@${address[weak]} | grep -q "kex: client->server cipher: 3des-cbc MAC: hmac-md5"'
check "weak: the server offers nothing stronger (OpenSSH's defaults find no common kex)" \
  'ossh probe@${address[weak]} | grep -q "no matching key exchange method"'
timeout 5 bash -c 'head -n1 <"/dev/tcp/$0/2222"' "${address[utf8]}" >"$tmp/utf8-banner" 2>/dev/null
check "utf8: the server's banner line holds invalid UTF-8" \
  'grep -qa "^SSH-2.0-OpenSSH_9.2 evil" "$tmp/utf8-banner" && ! iconv -f UTF-8 -t UTF-8 "$tmp/utf8-banner" >/dev/null 2>&1'
# scenario NAME VERDICT BLOCKING DEADLINE_MS: the common assertions.
scenario() {
  local sc=$1 want=$2 block=$3
  echo "--- $sc (exit $(rc "$sc"), $(cat "$tmp/$sc/wall_ms") ms) ---"
  check "$sc: the run exits 1 with a report (a hostile device never costs the report)" \
    '[ "$(rc "$sc")" = 1 ] && [ -s "$tmp/$sc/out/report.json" ]'
  check "$sc: verdict $want" '[ "$(q "$sc" "$sc" verdict)" = "$want" ]'
  check "$sc: blocked first by $block" '[ "$(q "$sc" "$sc" first)" = "$block" ]'
  check_time "$sc" "$sc" "$4"
  check_companion "$sc"
}

scenario accept-any fail default-credentials $total_ms
check "accept-any: the retired credential that logs in fails too" '[ "$(q accept-any accept-any finding:retired-credentials)" = fail ]'
check "accept-any: the factory password was really sent (server log)" 'events accept-any | grep -q "auth password root accepted"'
scenario partial fail default-credentials $total_ms
check "partial: the server answered partial success to the factory password" 'events partial | grep -q "auth password root partial"'
check "partial: the detail says the first factor was accepted" 'q partial partial detail:default-credentials | grep -qi "partial"'
scenario weak fail ssh-posture $total_ms
check "weak: the server was reached (kex with group1/3des/md5/dss possible)" 'events weak | grep -q listening && [ "$(q weak weak finding:reachability)" = pass ]'
check "weak: no password was sent over the weak channel" '! events weak | grep -q "auth password"'
check "weak: the report records the offered kex" 'grep -q "diffie-hellman-group1-sha1" "$tmp/weak/out/report.json"'
scenario utf8 error identity $total_ms
check "utf8: the report is strict UTF-8 JSON" '[ -s "$tmp/utf8/flat" ]'
check "utf8: the exit-signal name reached the detail, made valid" 'q utf8 utf8 detail:identity | grep -q "signal SEGV"'
check "utf8: the banner (its comment holds invalid bytes) is recorded in the report" 'grep -q "OpenSSH_9.2 evil" "$tmp/utf8/out/report.json"'
check "utf8: the table is valid UTF-8" 'iconv -f UTF-8 -t UTF-8 "$tmp/utf8/stdout" "$tmp/utf8/stderr" >/dev/null'
scenario ansi fail identity $total_ms
check "ansi: no ESC, BEL or bidi control in the table" \
  '! LC_ALL=C grep -qP "\x1b|\x07|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]" "$tmp/ansi/stdout" "$tmp/ansi/stderr"'
check "ansi: no ESC, BEL or bidi control in the report's facts and findings" \
  "$py '$here/no_controls.py' '$tmp/ansi/out/report.json' ansi"
check "ansi: no raw ESC in report.html or junit.xml" \
  '! LC_ALL=C grep -qP "\x1b|\x07|\xe2\x80\xae" "$tmp/ansi/out/report.html" "$tmp/ansi/out/junit.xml"'
scenario stall-auth error identity $total_ms
check "stall-auth: the server stalled the login's password request" 'events stall-auth | grep -q "password $login stalled"'
check "stall-auth: the other candidates were still answered: default-credentials pass" \
  '[ "$(q stall-auth stall-auth finding:default-credentials)" = pass ]'
for s in endless-lines huge drip stall-banner stall-kex; do
  scenario "$s" error reachability $connect_ms
  check "$s: the gate connected" 'events "$s" | grep -q connection'
  check "$s: no credential was sent (raw server, nothing past the handshake)" \
    '[ -z "$(tried "$s" "$s")" ] && [ "$(q "$s" "$s" finding:default-credentials)" = skip ]'
done
check "no secret value in any output" \
  '! grep -rqF -e "$login_pw" -e "$retired_pw" -e "Lab-Pw-$$" $(for s in "${scenarios[@]}"; do echo "$tmp/$s"; done)'

if [ "$failures" -ne 0 ]; then
  for s in "${scenarios[@]}"; do
    echo "--- $s: attest output ---"; cat "$tmp/$s/stdout" "$tmp/$s/stderr" | LC_ALL=C cut -c1-300 | cat -v | head -20
  done
fi
finish
