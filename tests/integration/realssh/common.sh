# Shared by realssh.sh and hostile.sh: a temp dir, process and user cleanup, a lab
# companion device, inventory/secrets writers and report queries. Source after `set -u`
# and after setting $attest, $lab, $src and $net (the 127.N network of this script).
source "$(dirname "${BASH_SOURCE[0]}")/../../support/checks.sh"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
py=/usr/bin/python3  # Debian's python3, where python3-paramiko is installed
tmp=$(mktemp -d /tmp/attest-realssh.XXXXXX)
chmod 755 "$tmp"  # sshd and dropbear children run force.sh as the throwaway users
pids=() users=()

cleanup() {
  local p u
  # Gate runs still going (interrupted): `timeout` passes the signal on to its attest.
  for p in "$tmp"/*/timeout.pid; do [ -s "$p" ] && kill "$(cat "$p")" 2>/dev/null; done
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  for u in "${users[@]}"; do userdel "$u" 2>/dev/null; done
  if [ "${KEEP_TMP:-0}" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# spawn LOG command...: starts a server in the background, its output to LOG.
spawn() { local log=$1; shift; "$@" >"$log" 2>&1 & pids+=($!); }

# wait_listening ADDRESS PORT: up to 5 s for a TCP listener.
wait_listening() {
  local i
  for i in $(seq 100); do
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "no listener on $1:$2"; return 1
}

# fingerprint PUBKEY_FILE: the OpenSSH SHA256 fingerprint attest pins.
fingerprint() { ssh-keygen -lf "$1" | awk '{print $2}'; }

# The companion: an attest-lab generic-linux device with a password login. It passes on
# the current gate; each run asserts it still passes beside the device under test.
start_lab() {
  cat >"$tmp/lab.json" <<JSON
{"schema": "attest.lab/v1", "devices": [
  {"name": "lab-clean", "profile": "generic-linux", "listen": "$net.0.100:2222", "host_key": "lab-clean.key",
   "facts": {"vendor": "Dell Inc.", "model": "PowerEdge R660", "serial": "SRV-LAB", "version": "12", "hostname": "lab-clean"},
   "accounts": [{"username": "labops", "password": "Lab-Pw-$$"}]}]}
JSON
  spawn "$tmp/lab.log" "$lab" --spec "$tmp/lab.json" --ready "$tmp/lab-ready.json"
  local i
  for i in $(seq 200); do [ -s "$tmp/lab-ready.json" ] && break; sleep 0.05; done
  lab_pin=$(grep -o 'SHA256:[A-Za-z0-9+/]*' "$tmp/lab-ready.json" | head -1)
  [ -n "$lab_pin" ] || { echo "attest-lab did not start: $(cat "$tmp/lab.log")"; exit 1; }
}

# ssh_device NAME ROLE PROFILE MODEL SERIAL ADDRESS PORT PIN CREDENTIAL POSITION [EXTRA_JSON_MEMBERS]
ssh_device() {
  printf '{"name": "%s", "role": "%s", "profile": "%s", "model": "%s", "serial": "%s",
   "address": "%s", "port": %s, "host_key": "%s", "credential": "%s", "position_u": %s%s}' \
    "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$8" "$9" "${10}" "${11:+, ${11}}"
}
# device NAME ADDRESS PORT PIN CREDENTIAL SERIAL POSITION [EXTRA_JSON_MEMBERS]: a generic-linux server.
device() { ssh_device "$1" server generic-linux "PowerEdge R660" "$6" "$2" "$3" "$4" "$5" "$7" "${8:-}"; }
lab_device() { device lab-clean "$net.0.100" 2222 "$lab_pin" lab SRV-LAB 40; }

# inventory FILE TIMEOUTS_JSON DEVICE_JSON...
inventory() {
  local file=$1 timeouts=$2; shift 2
  local IFS=,
  printf '{"schema": "attest.inventory/v1", "site": "realssh", "defaults": {"timeouts_ms": %s},
  "racks": [{"name": "r1", "height_u": 42, "devices": [%s]}]}\n' "$timeouts" "$*" >"$file"
}

# secrets FILE CREDENTIALS_JSON_MEMBERS RETIRED_JSON_ARRAY: mode 0600, the lab login included.
secrets() {
  printf '{"schema": "attest.secrets/v1", "credentials": {"lab": {"username": "labops", "password": "Lab-Pw-%s"}%s},
  "retired": %s}\n' "$$" "${2:+, $2}" "$3" >"$1"
  chmod 600 "$1"
}

# rack NAME INVENTORY SECRETS: one `attest rack` run into $tmp/NAME/ (report, stdout+stderr,
# RACK_ARGS: extra options, word-split;
# exit code, wall time in ms). Bounded by `timeout` so a hanging gate cannot hang the suite.
rack() {
  local out=$tmp/$1 t0 t1
  mkdir -p "$out"
  t0=$(date +%s%N)
  timeout -k 5 "${RACK_TIMEOUT:-45}" "$attest" rack --inventory "$2" --secrets "$3" --db "$src/firmware-db" \
    --allow-unsigned-db --out "$out/out" ${RACK_ARGS:-} >"$out/stdout" 2>"$out/stderr" &
  echo $! >"$out/timeout.pid"
  wait $!
  echo $? >"$out/rc"
  : >"$out/timeout.pid"
  t1=$(date +%s%N)
  echo $(((t1 - t0) / 1000000)) >"$out/wall_ms"
  $py "$here/report_query.py" "$out/out/report.json" >"$out/flat" 2>/dev/null || : >"$out/flat"
}

# q RUN DEVICE WHAT: one fact of the device from $tmp/RUN's report (see report_query.py),
# "(none)" when absent (no report, or not strict UTF-8 JSON); attempts: nothing when none.
q() {
  awk -F'\t' -v d="$2" -v k="$3" '$1 == d && $2 == k { print $3; n++ }
    END { if (!n && k != "attempts") print "(none)" }' "$tmp/$1/flat"
}
rc() { cat "$tmp/$1/rc"; }

# check_companion RUN: the lab device in the same run kept its verdict.
# (check evals its condition in its own frame: conditions name variables, never $1.)
# tried RUN DEVICE: the auth attempts of the device that were sent (not "not-tried").
tried() { q "$1" "$2" attempts | awk '$3 != "not-tried"'; }
check_companion() { local run=$1; check "$run: the lab companion in the same run still passes" '[ "$(q "$run" lab-clean verdict)" = pass ]'; }

# check_time RUN DEVICE LIMIT_MS: the device finished within LIMIT_MS + 0.5 s (the issue's
# bound) + 0.5 s slack. The times are attest's own evidence timestamps, so the slack covers
# only thread scheduling on a loaded 2-core machine, not process start-up.
check_time() {
  local took; took=$(q "$1" "$2" seconds)
  check "$1: $2 done within $3 ms + 0.5 s + 0.5 s slack (took ${took}s)" \
    "awk -v t='$took' -v l='$3' 'BEGIN { exit !(t ~ /^[0-9.]+\$/ && t <= (l + 1000) / 1000) }'"
}
