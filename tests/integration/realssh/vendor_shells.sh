#!/usr/bin/env bash
# The issue-11 profiles against SSH servers the project did not write: paramiko playing
# each vendor's CLI (vendor_shell.py: banner, prompt, echo, CRLF, the commands' outputs
# from the profile's committed fixture), one device per profile, on 127.86.0.0/16.
# Three `attest rack` runs in parallel, one server process each:
#   clean   the real formats: model, serial and version as the fixture says, the verdict
#           the golden DB gives, default-credential probes within the profile's budget
#           (counted by the server), plus a blocked firmware, a live factory default,
#           Cumulus 4.x without NVUE (the NCLU form, said in the evidence), an ACS root
#           login landing in the Linux shell, servers offering only keyboard-interactive,
#           CLIs that print their first prompt only 2 s after the login, and a Digi
#           Connect IT login greeted by DAL's access selection menu;
#   noise   ANSI codes, byte-wise echo and a --More-- pager: the same facts still read;
#   silent  the prompt never comes (exec: the command never ends): error within the
#           deadline, with the reason, no hang.
# Usage: vendor_shells.sh ATTEST_BINARY LAB_BINARY SOURCE_DIR (LAB_BINARY: common.sh's
# interface; no attest-lab device here)
set -u
attest=$(realpath "$1") lab=$(realpath "$2") src=$(realpath "$3") net=127.86
source "$(dirname "$0")/common.sh"
$py -c 'import paramiko' 2>/dev/null || { echo "FAIL: python3-paramiko missing: scripts/install-deps.sh --test"; exit 1; }
fx=$src/tests/fixtures/profiles

login=netops login_pw="Vendor-Login-$$"
lifetime=25  # the servers exit by themselves after this, even if the gate hangs on one
export RACK_TIMEOUT=20
connect_ms=2000 auth_ms=1500 command_ms=3000 total_ms=8000
slow_start_s=2  # a CLI slow to start: its first prompt comes this long after the shell request
timeouts="{\"connect\": $connect_ms, \"auth\": $auth_ms, \"command\": $command_ms, \"total\": $total_ms}"
secrets "$tmp/secrets.json" "\"login\": {\"username\": \"$login\", \"password\": \"$login_pw\"}" "[]"

# NAME PROFILE ROLE FIXTURE MODEL SERIAL VERSION VERDICT FIRST_BLOCKING: the facts as the
# fixture prints them ('_' for a space), the verdict as firmware-db/ judges that version
# for that model.
clean_devices="apc apc-nmc pdu ap8853-nmc2-6.9.6.txt AP8853 5A1932E04417 v6.9.6 pass (none)
raritan raritan-px pdu px3-5260r-4.0.20.5-47974.txt PX3-5260R QFA3A00412 4.0.20.5-47974 pass (none)
sentry servertech-pro2 pdu pro2-c2wg36-8.0p.txt C2WG36MM-DCFE2M66/C ABEF0001234 8.0p pass (none)
geist vertiv-geist pdu gu2-imd03e-6.1.2.txt VP8858NA3-0000 0GS2231PB04411 6.1.2 pass (none)
acs avocent-acs console-server acs6048-3.8.0.9.txt ACS6048 0520351287 3.8.0.9 pass (none)
slc lantronix-slc console-server slc8048-8.3.0.0R2.txt SLC80482201S 0480-2201-A3F7 8.3.0.0R2 pass (none)
connectit digi-connect-it console-server connectit16-24.3.28.88.txt Digi_Connect_IT_16 CIT16-000187 24.3.28.88 pass (none)
connectport digi-connectport console-server ts16-82002549_K.txt ConnectPort_TS_16 00:40:9D:52:E1:07 82002549_K pass (none)
os10 dell-os10 switch s5248f-10.5.4.2.txt S5248F-ON 7QLM3K2 10.5.4.2 pass (none)
cumulus cumulus-nvue switch sn2700-5.9.1.txt MSN2700 MT2106X07711 5.9.1 pass (none)
aoscx aruba-aoscx switch 6300f-FL.10.13.1000.txt JL665A SG13KMX0AB FL.10.13.1000 pass (none)
iosxr cisco-iosxr switch 8202-7.9.2.txt 8202-32FH-M FLM2741A0QK 7.9.2 pass (none)
apc-old apc-nmc pdu ap8959-nmc2-6.4.6.txt AP8959EU3 3A1710E01163 v6.4.6 fail firmware-version
apc-factory apc-nmc pdu ap8853-nmc2-6.9.6.txt AP8853 5A1932E04417 v6.9.6 fail default-credentials
cumulus-nclu cumulus-nvue switch as5812-4.1.0-nclu.txt Accton_AS5812-54X 581254X1838021 4.1.0 fail firmware-version
acs-root avocent-acs console-server acs8048-2.20.0.7-root.txt ACS8048 0011223344 2.20.0.7 pass (none)
kbd-raritan raritan-px pdu px3-5260r-4.0.20.5-47974.txt PX3-5260R QFA3A00412 4.0.20.5-47974 pass (none)
kbd-slc lantronix-slc console-server slc8048-8.3.0.0R2.txt SLC80482201S 0480-2201-A3F7 8.3.0.0R2 pass (none)
kbd-iosxr cisco-iosxr switch 8202-7.9.2.txt 8202-32FH-M FLM2741A0QK 7.9.2 pass (none)
slow-apc apc-nmc pdu ap8853-nmc2-6.9.6.txt AP8853 5A1932E04417 v6.9.6 pass (none)
slow-acs avocent-acs console-server acs6048-3.8.0.9.txt ACS6048 0520351287 3.8.0.9 pass (none)
slow-os10 dell-os10 switch s5248f-10.5.4.2.txt S5248F-ON 7QLM3K2 10.5.4.2 pass (none)
menu-connectit digi-connect-it console-server connectit16-24.3.28.88.txt Digi_Connect_IT_16 CIT16-000187 24.3.28.88 pass (none)"
# The hostile runs: the first twelve devices again (the ones one per profile).
one_per_profile=$(head -12 <<<"$clean_devices")
runs=(clean noise silent)

declare -A field
# devices RUN: the device lines of RUN, each as "RUN-NAME PROFILE ...".
devices() {
  case $1 in
    clean) sed 's/^/clean-/' <<<"$clean_devices" ;;
    noise) sed 's/^/noise-/' <<<"$one_per_profile" | grep -v ' cumulus-nvue ' ;;  # exec: no terminal to be noisy on
    silent) sed 's/^/silent-/' <<<"$one_per_profile" ;;
  esac
}
# Writes the server spec and the inventory of RUN; servers on 127.86.R.N.
prepare() {
  local run=$1 r=$2 n=0 name profile role fixture model serial version verdict first specs=() invs=()
  while read -r name profile role fixture model serial version verdict first; do
    n=$((n + 1))
    local address=$net.$r.$n dir=$tmp/srv/$name
    mkdir -p "$dir"
    ssh-keygen -q -t ed25519 -N '' -f "$dir/key"
    local accept="[]" auth=password start=0 menu=false
    [ "$name" = clean-apc-factory ] && accept='[["apc", "apc"]]'  # firmware-db: apc-nmc-apc-apc
    [[ $name == clean-kbd-* ]] && auth=keyboard-interactive
    [[ $name == clean-slow-* ]] && start=$slow_start_s
    [[ $name == clean-menu-* ]] && menu=true
    specs+=("{\"name\": \"$name\", \"profile\": \"$profile\", \"fixture\": \"$fx/$profile/$fixture\",
      \"variant\": \"$run\", \"address\": \"$address\", \"port\": 2222, \"host_key\": \"$dir/key\",
      \"events\": \"$dir/events\", \"accept\": $accept, \"auth\": \"$auth\",
      \"start_s\": $start, \"menu\": $menu}")
    invs+=("$(ssh_device "$name" "$role" "$profile" "${model//_/ }" "$serial" "$address" 2222 \
      "$(fingerprint "$dir/key.pub")" login "$n")")
    field[$name]="$profile ${model//_/ }|$serial|$version|$verdict|$first"
    field[$name:address]=$address
  done < <(devices "$run")
  local IFS=,
  printf '{"login": {"username": "%s", "password": "%s"}, "lifetime_s": %s, "devices": [%s]}\n' \
    "$login" "$login_pw" "$lifetime" "${specs[*]}" >"$tmp/srv/$run.json"
  chmod 600 "$tmp/srv/$run.json"
  inventory "$tmp/$run.json" "$timeouts" "${invs[@]}"
}
mkdir -p "$tmp/srv"
r=0
for run in "${runs[@]}"; do
  r=$((r + 1))
  prepare "$run" "$r"
  spawn "$tmp/srv/$run.log" $py "$here/vendor_shell.py" "$tmp/srv/$run.json"
done
for run in "${runs[@]}"; do
  while read -r name _; do
    wait_listening "${field[$name:address]}" 2222 || { cat "$tmp/srv/$run.log"; exit 1; }
  done < <(devices "$run")
done

pids_runs=()
for run in "${runs[@]}"; do rack "$run" "$tmp/$run.json" "$tmp/secrets.json" & pids_runs+=($!); done
wait "${pids_runs[@]}"

events() { cat "$tmp/srv/$1/events" 2>/dev/null; }
# The authentication requests the server saw, `none` queries included: the budget counts
# every request sent (README, "Attempt budget").
auth_requests() { events "$1" | grep -c '^auth '; }
db_budget() {
  $py -c 'import json, sys; p = json.load(open(sys.argv[1]))["profiles"][sys.argv[2]]
print(p.get("attempt_budget", 6)); print(" ".join(sorted({d["username"] for d in p["defaults"]})))' \
    "$src/firmware-db/credentials/defaults.json" "$1"
}
for run in "${runs[@]}"; do
  echo "--- $run (exit $(rc "$run"), $(cat "$tmp/$run/wall_ms") ms) ---"
  check "$run: the run ends with a report" '[ -s "$tmp/$run/out/report.json" ] && [ -s "$tmp/$run/flat" ]'
done

# The facts and the verdict, per device; the budget per device of the clean run.
facts_and_verdict() {
  local name=$1 profile want model serial version verdict first
  read -r profile want <<<"${field[$name]}"
  IFS='|' read -r model serial version verdict first <<<"$want"
  check "$name ($profile): model '$model', serial '$serial', version '$version'" \
    '[ "$(q "${name%%-*}" "$name" fact:model)|$(q "${name%%-*}" "$name" fact:serial)|$(q "${name%%-*}" "$name" fact:version)" = "$model|$serial|$version" ]'
  check "$name: verdict $verdict, first blocking check $first" \
    '[ "$(q "${name%%-*}" "$name" verdict) $(q "${name%%-*}" "$name" first)" = "$verdict $first" ]'
  check_time "${name%%-*}" "$name" "$total_ms"
}
budget() {
  local name=$1 profile limit usernames u
  read -r profile _ <<<"${field[$name]}"
  { read -r limit; read -r usernames; } < <(db_budget "$profile")
  check "$name: $(auth_requests "$name") authentication requests reached the server, within the budget of $limit" \
    '[ "$(auth_requests "$name")" -le "$limit" ] && [ "$(auth_requests "$name")" -ge 1 ]'
  check "$name: the report's sent attempts are the requests the server saw" \
    '[ "$(tried clean "$name" | wc -l)" = "$(auth_requests "$name")" ]'
  for u in $usernames; do
    check "$name: the factory default of '$u' was probed" 'events "$name" | grep -qE "^auth (password|keyboard-interactive) $u "'
  done
}
while read -r name _; do
  facts_and_verdict "$name"
  budget "$name"
done < <(devices clean)
check "apc-factory: the live factory login apc/apc fails default-credentials" \
  'events clean-apc-factory | grep -q "^auth password apc accepted" && q clean clean-apc-factory detail:default-credentials | grep -q "apc-nmc-apc-apc"'
check "cumulus-nclu: the evidence says the NCLU form answered for NVUE" \
  'q clean clean-cumulus-nclu forms | grep -q "net show system"'
check "acs-root: the gate left the Linux shell with \`cli\` (and sent nothing else there)" \
  '[ "$(events clean-acs-root | grep "^lobby:")" = "lobby: cli" ]'
check "menu-connectit: the gate chose the Admin CLI at the access menu with 'a', nothing else" \
  '[ "$(events clean-menu-connectit | grep "^lobby:")" = "lobby: a" ]'
check "kbd-*: the logins went over keyboard-interactive (the servers offer nothing else)" \
  '[ "$(cat "$tmp"/srv/clean-kbd-*/events | grep -c "^auth keyboard-interactive $login accepted")" = 3 ]'
check "the PDU and console CLIs refused exec and were driven over the shell" \
  '! grep -h "^exec .* answered" $(for n in apc raritan sentry geist acs slc connectit connectport; do echo "$tmp/srv/clean-$n/events"; done)'

while read -r name _; do facts_and_verdict "$name"; done < <(devices noise)
check "noise: every pager prompt was answered with a space (the servers' events)" \
  '[ "$(cat "$tmp"/srv/noise-*/events | grep -cx "pager answered space")" -ge 11 ] &&
   [ -z "$(cat "$tmp"/srv/noise-*/events | grep "^pager" | grep -vx "pager answered space")" ]'

while read -r name profile _; do
  reason="learning the shell prompt timed out after $command_ms ms"
  [ "$profile" = cumulus-nvue ] && reason="command 'nv show system' timed out after $command_ms ms"
  check "$name: no prompt -> error, blocked by identity" \
    '[ "$(q silent "$name" verdict) $(q silent "$name" first)" = "error identity" ]'
  check "$name: the detail says why: $reason" 'q silent "$name" detail:identity | grep -qF "$reason"'
  check_time silent "$name" "$total_ms"
done < <(devices silent)

# The servers play the CLIs as claimed, seen by paramiko's own client (after the budget
# checks: these logins are not the gate's): prompt, echo, CRLF; no exec on a PDU CLI.
session_bytes() {
  SECRET=$login_pw $py - "$@" <<'PY'
import os, sys, time, paramiko
address, user, command = sys.argv[1:4]
c = paramiko.SSHClient()
c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
c.connect(address, 2222, user, os.environ["SECRET"], allow_agent=False, look_for_keys=False, timeout=5)
try:
    c.exec_command(command, timeout=5)
    print("exec-accepted")
except paramiko.SSHException:
    print("exec-refused")
shell = c.invoke_shell(width=511)
shell.settimeout(5)
time.sleep(0.3)
shell.send(command + "\r")
time.sleep(0.5)
sys.stdout.write(repr(shell.recv(65536)))
PY
}
session_bytes "${field[clean-apc:address]}" "$login" about >"$tmp/apc-session" 2>&1
check "apc CLI: banner, prompt 'apc>', the echo, CRLF lines, exec refused" \
  'grep -qF "exec-refused" "$tmp/apc-session" && grep -qF "Stat : P+ N4+ N6+ A+\\r\\n" "$tmp/apc-session" && grep -qF "apc>about\\r\\nE000: Success\\r\\n" "$tmp/apc-session"'
session_bytes "${field[clean-iosxr:address]}" "$login" "show version" >"$tmp/iosxr-session" 2>&1
check "IOS-XR CLI: prompt 'RP/0/RP0/CPU0:core1#', the echo, CRLF lines, exec answered" \
  'grep -qF "exec-accepted" "$tmp/iosxr-session" && grep -qF "RP/0/RP0/CPU0:core1#show version\\r\\nTue Jan 16 13:19:27.208 UTC\\r\\n" "$tmp/iosxr-session"'

check "no secret value in any output" '! grep -rqF -e "$login_pw" "$tmp/clean" "$tmp/noise" "$tmp/silent"'
if [ "$failures" -ne 0 ]; then
  for run in "${runs[@]}"; do
    echo "--- $run: attest output ---"; cat "$tmp/$run/stdout" "$tmp/$run/stderr" | cut -c1-300 | head -40
    echo "--- $run: server log ---"; tail -20 "$tmp/srv/$run.log"
  done
fi
finish
