#!/usr/bin/env bash
# The gate against SSH servers the project did not write: OpenSSH sshd and dropbear on
# loopback, with password logins for throwaway system users this script creates and always
# removes. Judged from attest's report and from each server's own log.
# Usage: realssh.sh ATTEST_BINARY LAB_BINARY SOURCE_DIR   (as root: useradd, sshd)
set -u
attest=$(realpath "$1") lab=$(realpath "$2") src=$(realpath "$3") net=127.81
source "$(dirname "$0")/common.sh"

[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root (throwaway users, sshd)"; exit 77; }  # ctest: skipped
for tool in /usr/sbin/sshd dropbear; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool missing: scripts/install-deps.sh --test"; exit 1; }
done

# --- throwaway users: unique prefix, removed on any exit ----------------------------------
login=atst$$a retired=atst$$b group=atst$$a  # group: the login's own (useradd makes it, userdel removes it)
login_pw="Login-$$-$RANDOM" retired_pw="Retired-$$-$RANDOM"
for u in "$login" "$retired"; do
  id "$u" >/dev/null 2>&1 && { echo "FAIL: user $u exists already; refusing to touch it"; exit 1; }
done
# Users of earlier runs killed before their trap ran (SIGKILL) carry this comment with a pid
# that is gone: only those are swept; no other user is ever touched.
marker="attest realssh test"
getent passwd | awk -F: -v m="$marker" 'index($5, m " ") == 1 { print $1, substr($5, length(m) + 2) }' |
  while read -r u p; do kill -0 "$p" 2>/dev/null || userdel "$u"; done
useradd -M -s /bin/sh -c "$marker $$" "$login" && users+=("$login")
useradd -M -s /bin/sh -c "$marker $$" "$retired" && users+=("$retired")
printf '%s:%s\n%s:%s\n' "$login" "$login_pw" "$retired" "$retired_pw" | chpasswd
check "throwaway users exist with passwords" '[ "$(getent shadow "$login" | cut -d: -f2 | cut -c1)" = "\$" ]'

# --- keys ----------------------------------------------------------------------------------
ssh-keygen -q -t ed25519 -N '' -C atst-user -f "$tmp/user_ed25519"
ssh-keygen -q -t ed25519 -N '' -C atst-other -f "$tmp/other_ed25519"   # the wrong pin
cp "$tmp/user_ed25519.pub" "$tmp/authorized_keys" && chmod 644 "$tmp/authorized_keys"
mkdir -p /run/sshd  # sshd's privilege separation directory

# force_script DIR SERIAL: answers the generic-linux commands (attest/profiles/generic_linux.cpp)
# with fixed facts, whatever the machine's DMI says; anything else is refused.
force_script() {
  cat >"$1/force.sh" <<SH
case "\$SSH_ORIGINAL_COMMAND" in
  "cat /etc/os-release") printf 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n' ;;
  "cat /sys/class/dmi/id/sys_vendor") echo "Dell Inc." ;;
  "cat /sys/class/dmi/id/product_name") echo "PowerEdge R660" ;;
  "cat /sys/class/dmi/id/product_serial") echo "$2" ;;
  *) echo "refused: \$SSH_ORIGINAL_COMMAND" >&2; exit 1 ;;
esac
SH
  chmod 755 "$1" "$1/force.sh"
}

# sshd NAME ADDRESS PORT EXTRA_CONFIG [LOGLEVEL]: an OpenSSH sshd in the foreground, log in
# $tmp/NAME/log. VERBOSE logs failed and accepted logins; DEBUG1 also logs each request,
# `none` included ("userauth-request for user X service ssh-connection method none").
sshd() {
  local d=$tmp/$1; mkdir -p "$d"
  ssh-keygen -q -t ed25519 -N '' -C "$1" -f "$d/host_ed25519"
  force_script "$d" "SRV-$1"
  cat >"$d/sshd_config" <<CFG
ListenAddress $2:$3
HostKey $d/host_ed25519
PidFile $d/sshd.pid
AuthorizedKeysFile $tmp/authorized_keys
UsePAM no
StrictModes no
PermitRootLogin no
PasswordAuthentication yes
KbdInteractiveAuthentication no
PubkeyAuthentication yes
LogLevel ${5:-VERBOSE}
MaxStartups 100
ForceCommand /bin/sh $d/force.sh
$4
CFG
  spawn "$d/log" /usr/sbin/sshd -D -e -f "$d/sshd_config"
}

# dropbear NAME ADDRESS PORT FLAGS...: dropbear 2022.83 in the foreground, log in $tmp/NAME/log.
# -w: no root logins (the factory-default probes hit root); -G: only $group may log in.
dropbear_server() {
  local d=$tmp/$1 name=$1 addr=$2 port=$3; shift 3; mkdir -p "$d"
  dropbearkey -t ed25519 -f "$d/host_ed25519" >/dev/null 2>&1
  dropbearkey -y -f "$d/host_ed25519" | grep '^ssh-ed25519' >"$d/host_ed25519.pub"
  force_script "$d" "SRV-$name"
  spawn "$d/log" dropbear -F -E -w -G "$group" -P "$d/pid" -p "$addr:$port" -r "$d/host_ed25519" \
    -c "/bin/sh $d/force.sh" "$@"
}

start_lab
sshd ossh-clean   $net.0.1 2201 "AllowUsers $login" DEBUG1
sshd ossh-retired $net.0.2 2201 "AllowUsers $login $retired"
sshd ossh-keyonly $net.0.3 2201 "AllowUsers $login $retired
PasswordAuthentication no
AuthenticationMethods publickey"
sshd ossh-hostkey $net.0.4 2201 "AllowUsers $login" DEBUG1
sshd ossh-max2    $net.0.6 2201 "AllowUsers $login
MaxAuthTries 2"
dropbear_server db-clean $net.0.5 2201
dropbear_server db-max2  $net.0.7 2201 -T 2
# One sshd on eight addresses (an inventory names each address:port once).
sshd ossh-rate    $net.0.11 2201 "AllowUsers $login
$(for i in 2 3 4 5 6 7 8; do echo "ListenAddress $net.0.1$i:2201"; done)"
for a in 1 2 3 4 5 6 7 11 12 13 14 15 16 17 18; do wait_listening $net.0.$a 2201 || exit 1; done
# When ossh-rate accepts each connection, by its own "Connection from" log lines,
# stamped as they appear (sshd -e writes no time): polled every 5 ms. Lines already
# there (wait_listening's own connects) are not the gate's.
spawn "$tmp/ossh-rate/stamper.log" $py -u -c '
import sys, time
log, out, end = sys.argv[1], open(sys.argv[2], "w"), time.time() + float(sys.argv[3])
seen = len(open(log, errors="replace").read().split("\n")[:-1])
while time.time() < end:
    lines = open(log, errors="replace").read().split("\n")[:-1]
    for line in lines[seen:]:
        if line.startswith("Connection from "): print(f"{time.time():.3f}", file=out, flush=True)
    seen = len(lines)
    time.sleep(0.005)
' "$tmp/ossh-rate/log" "$tmp/ossh-rate/accepted" 40

pin() { fingerprint "$tmp/$1/host_ed25519.pub"; }
secrets "$tmp/secrets.json" \
  "\"login\": {\"username\": \"$login\", \"password\": \"$login_pw\"},
   \"login-key\": {\"username\": \"$login\", \"private_key\": \"user_ed25519\"}" \
  "[{\"id\": \"old-$retired\", \"username\": \"$retired\", \"password\": \"$retired_pw\", \"reason\": \"rotated in the test\"}]"
timeouts='{"connect": 3000, "auth": 3000, "command": 3000, "total": 20000}'
export RACK_TIMEOUT=30
inventory "$tmp/real.json" "$timeouts" \
  "$(device ossh-clean   $net.0.1 2201 "$(pin ossh-clean)"   login     SRV-ossh-clean   1)" \
  "$(device ossh-retired $net.0.2 2201 "$(pin ossh-retired)" login     SRV-ossh-retired 2)" \
  "$(device ossh-keyonly $net.0.3 2201 "$(pin ossh-keyonly)" login-key SRV-ossh-keyonly 3)" \
  "$(device ossh-hostkey $net.0.4 2201 "$(fingerprint "$tmp/other_ed25519.pub")" login SRV-ossh-hostkey 4)" \
  "$(device db-clean     $net.0.5 2201 "$(pin db-clean)"     login     SRV-db-clean     5)" \
  "$(lab_device)"
# Two requests per connection (the opening none included) against servers that allow two
# tries: a separate run, so an inventory the current loader refuses costs only this scenario.
inventory "$tmp/limits.json" "$timeouts" \
  "$(device ossh-max2 $net.0.6 2201 "$(pin ossh-max2)" login SRV-ossh-max2 6 '"max_auth_per_connection": 2')" \
  "$(device db-max2   $net.0.7 2201 "$(pin db-max2)"   login SRV-db-max2   7 '"max_auth_per_connection": 2')" \
  "$(lab_device)"

# Eight devices behind one OpenSSH sshd, under a cap of 4 new connections a second.
rate_devices=()
for i in 1 2 3 4 5 6 7 8; do
  rate_devices+=("$(device rate-$i $net.0.1$i 2201 "$(pin ossh-rate)" login SRV-ossh-rate $((10 + i)))")
done
inventory "$tmp/rate.json" "$timeouts" "${rate_devices[@]}"

rack real "$tmp/real.json" "$tmp/secrets.json" & r1=$!
rack limits "$tmp/limits.json" "$tmp/secrets.json" & r2=$!
RACK_ARGS="--handshake-rate 4" rack rate "$tmp/rate.json" "$tmp/secrets.json" & r3=$!
wait "$r1" "$r2" "$r3"
sleep 0.3  # let the servers flush their last log lines

log() { cat "$tmp/$1/log"; }
# What the servers log when a client authenticates at all (LogLevel VERBOSE / dropbear -E).
auth_lines='userauth-request|Failed |Accepted |Invalid user|authenticating user|not allowed because|Postponed|Partial|Password auth|Bad password|Pubkey auth|Login attempt'
# What they log when a client breaks their limits or the one-username rule.
limit_lines='maximum authentication attempts exceeded|Change of username or service not allowed|Max auth tries reached|trying multiple usernames|Too many authentication failures'

echo "--- real servers, one run (exit $(rc real)) ---"
check "real: the run wrote a report and exit 1 (one planted failure or more)" '[ "$(rc real)" = 1 ]'
check_companion real
check "ossh-clean: a clean OpenSSH device passes" '[ "$(q real ossh-clean verdict)" = pass ]'
for c in host-key default-credentials retired-credentials identity firmware-version; do
  check "ossh-clean: $c passes" '[ "$(q real ossh-clean finding:$c)" = pass ]'
done
check "ossh-clean: the login shows in sshd's own log (the log sees authentication)" \
  'log ossh-clean | grep -q "Accepted password for $login from"'
check "ossh-clean: sshd logged no limit or username-change violation" '! log ossh-clean | grep -qE "$limit_lines"'
# The attempt journal (the run's default state dir) counts refused requests as sshd does: at
# DEBUG1 sshd logs every request it receives, "none" included, and each login it accepts.
journal_entries() {
  $py -c 'import json, sys; print(sum(e["device"] == sys.argv[2] for e in json.load(open(sys.argv[1]))["entries"]))' \
    "$tmp/$1/attest-state/attempts.json" "$2"
}
sshd_refused=$(( $(log ossh-clean | grep -c "userauth-request for user") - $(log ossh-clean | grep -cE "Accepted (password|publickey) for") ))
check "ossh-clean: the attempt journal holds exactly the requests sshd refused ($sshd_refused)" \
  '[ "$sshd_refused" -gt 0 ] && [ "$(journal_entries real ossh-clean)" = "$sshd_refused" ]'
check "db-clean: a clean dropbear device passes" '[ "$(q real db-clean verdict)" = pass ]'
check "db-clean: the login shows in dropbear's own log" 'log db-clean | grep -q "Password auth succeeded for .$login. from"'
check "db-clean: dropbear logged no limit or username-change exit" '! log db-clean | grep -qE "$limit_lines"'
check "ossh-retired: a live retired credential for another user fails" '[ "$(q real ossh-retired verdict)" = fail ]'
check "ossh-retired: retired-credentials fails, and it is the only blocking finding" \
  '[ "$(q real ossh-retired finding:retired-credentials)" = fail ] && [ "$(q real ossh-retired blocking)" = retired-credentials ]'
check "ossh-retired: sshd's log shows the retired user logged in" 'log ossh-retired | grep -q "Accepted password for $retired from"'
check "ossh-retired: the retired password appears in no output" \
  '! grep -rqF -e "$retired_pw" -e "$login_pw" "$tmp/real/out" "$tmp/real/stdout" "$tmp/real/stderr"'
check "ossh-keyonly: a key-only server passes" '[ "$(q real ossh-keyonly verdict)" = pass ]'
check "ossh-keyonly: default-credentials pass" '[ "$(q real ossh-keyonly finding:default-credentials)" = pass ]'
check "ossh-keyonly: retired-credentials pass" '[ "$(q real ossh-keyonly finding:retired-credentials)" = pass ]'
check "ossh-keyonly: the password candidates are refused as 'server offers only publickey'" \
  'q real ossh-keyonly attempts | grep -q "offers only publickey to user root"'
check "ossh-keyonly: the key login shows in sshd's log" 'log ossh-keyonly | grep -q "Accepted publickey for $login from"'
check "ossh-hostkey: a changed host key fails host-key" '[ "$(q real ossh-hostkey blocking)" = host-key ]'
check "ossh-hostkey: the gate finished key exchange with sshd (it could have sent a credential)" \
  'log ossh-hostkey | grep -q "KEX done"'
check "ossh-hostkey: at DEBUG1 sshd logs every request, none included (seen on ossh-clean)" \
  'log ossh-clean | grep -q "userauth-request for user $login service ssh-connection method none"'
check "ossh-hostkey: sshd's log shows no authentication attempt" '! log ossh-hostkey | grep -qE "$auth_lines"'
check "ossh-hostkey: the report lists every attempt as not tried" '[ -z "$(tried real ossh-hostkey)" ]'

echo "--- limits: MaxAuthTries 2 and dropbear -T 2, max_auth_per_connection 2 (exit $(rc limits)) ---"
check "limits: the inventory with max_auth_per_connection is accepted (exit 0: all pass)" '[ "$(rc limits)" = 0 ]'
check_companion limits
check "ossh-max2: passes" '[ "$(q limits ossh-max2 verdict)" = pass ]'
check "db-max2: passes" '[ "$(q limits db-max2 verdict)" = pass ]'
check "ossh-max2: sshd logged the login (the gate talked to it)" 'log ossh-max2 | grep -q "Accepted password for $login from"'
check "ossh-max2: sshd never logged 'maximum authentication attempts exceeded' or a username change" \
  '! log ossh-max2 | grep -qE "$limit_lines"'
check "db-max2: dropbear logged the login" 'log db-max2 | grep -q "Password auth succeeded for .$login. from"'
check "db-max2: dropbear never exited with 'Max auth tries reached' or 'trying multiple usernames'" \
  '! log db-max2 | grep -qE "$limit_lines"'

# The cap as sshd saw it: at most 4 connections started in any second, plus 2 for a
# fiber woken late and the 5 ms stamping (without the cap, 8 arrive at once).
check "rate: every device behind the capped sshd passes" '[ "$(grep -c "	verdict	pass" "$tmp/rate/flat")" = 8 ]'
accepted=$(wc -l <"$tmp/ossh-rate/accepted")
check "rate: sshd accepted at least 2 connections per device ($accepted)" '[ "$accepted" -ge 16 ]'
most=$(awk '{ t[NR] = $1 } END { m = 0; for (i = 1; i <= NR; i++) { n = 0; for (j = i; j <= NR && t[j] < t[i] + 1; j++) n++; if (n > m) m = n } print m }' "$tmp/ossh-rate/accepted")
check "rate: at most 4 (+2) connections reached sshd in any 1-second window ($most)" '[ "$most" -le 6 ]'

if [ "$failures" -ne 0 ]; then
  for n in real limits rate; do echo "--- $n: attest output ---"; cat "$tmp/$n/stdout" "$tmp/$n/stderr"; done
  for n in ossh-clean ossh-max2 db-clean db-max2 ossh-hostkey ossh-rate; do echo "--- $n: server log ---"; tail -25 "$tmp/$n/log"; done
fi
finish
