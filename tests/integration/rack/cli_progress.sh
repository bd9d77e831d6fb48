#!/usr/bin/env bash
# `attest rack` progress as people see it, against six lab devices in two racks, some slowed
# by per-command latency so that devices finish apart:
# - under a real terminal (tmux, with util-linux `script` between them recording the bytes):
#   the live view is drawn and redrawn in place (cursor up, erase line), then erased, so the
#   final screen holds the table and its summary line and not one progress row;
# - through a pipe: one plain line per device, no escape byte;
# - with --quiet: neither, on a terminal or through a pipe.
# Usage: cli_progress.sh ATTEST_BINARY LAB_BINARY SOURCE_DIR
set -u
attest=$(realpath "$1") lab=$(realpath "$2") src=$(realpath "$3")
command -v tmux >/dev/null && command -v script >/dev/null || { echo "SKIP: needs tmux and script"; exit 77; }
tmp=$(mktemp -d)
lab_pid=
tmux_() { tmux -S "$tmp/tmux.sock" -f /dev/null "$@"; }
cleanup() {
  tmux_ kill-server 2>/dev/null
  [ -n "$lab_pid" ] && kill "$lab_pid" 2>/dev/null
  wait 2>/dev/null; rm -rf "$tmp"
}
trap cleanup EXIT
source "$(dirname "$0")/../../support/checks.sh"
cd "$tmp"

devices="con-r01-1 sw-r01-tor2 sw-r01-oob sw-r01-agg sw-r01-mgmt pdu-r01-a"
# Addresses of their own (127.79.X.N, X from this shell's pid); the last three devices move
# to a second rack, r02; latency in ms per command, so the devices finish apart.
python3 - "$src/inventory/demo" "$devices" "$(( $$ % 250 + 1 ))" <<'PY'
import json, sys
demo, names, octet = sys.argv[1], sys.argv[2].split(), sys.argv[3]
latency = dict(zip(names, [0, 0, 120, 250, 400, 600]))
def moved(address): return address.replace("127.77.0.", f"127.79.{octet}.")
spec = json.load(open(f"{demo}/lab.json"))
spec["devices"] = [d for d in spec["devices"] if d["name"] in names]
for d in spec["devices"]:
    d["host_key"] = f"{demo}/{d['host_key']}"
    d["listen"] = moved(d["listen"])
    d["latency_ms"] = latency[d["name"]]
json.dump(spec, open("lab.json", "w"), indent=1)
inv = json.load(open(f"{demo}/inventory.json"))
rack = inv["racks"][0]
chosen = [dict(d, address=moved(d["address"])) for d in rack["devices"] if d["name"] in names]
inv["racks"] = [dict(rack, devices=chosen[:3]), dict(rack, name="r02", devices=chosen[3:])]
json.dump(inv, open("inventory.json", "w"), indent=1)
PY

"$lab" --spec lab.json --ready ready.json --quiet &
lab_pid=$!
for _ in $(seq 600); do [ -s ready.json ] && break; sleep 0.05; done
check "lab is ready" '[ -s ready.json ]' || { finish; exit 1; }
cp "$src/inventory/demo/secrets.json" secrets.json && chmod 600 secrets.json
rack=("$attest" rack --inventory inventory.json --db "$src/firmware-db" --allow-unsigned-db --secrets secrets.json --out out)

# on_terminal NAME [ARGS...]: runs the gate in a 110x40 tmux pane through `script`, which
# records every byte into NAME.raw; NAME.screen is the pane afterwards (scrollback included).
on_terminal() {
  local name=$1; shift
  printf '%q ' "${rack[@]}" "$@" >"$name.cmd"
  tmux_ new-session -d -s "$name" -x 110 -y 40 \
    "script -q -e -c 'bash $tmp/$name.cmd' $tmp/$name.raw; echo \$? >$tmp/$name.code; sleep 600"
  for _ in $(seq 1200); do [ -s "$name.code" ] && break; sleep 0.05; done
  tmux_ capture-pane -p -t "$name" -S - -E - >"$name.screen"
  tmux_ kill-session -t "$name"
}
count() { grep -c -- "$1" "$2"; }
esc=$'\x1b'

# --- on a terminal --------------------------------------------------------------------
on_terminal live
echo "the final screen:"; sed 's/^/  | /' live.screen
check "the run under a terminal exits 1 with planted devices (got $(cat live.code))" '[ "$(cat live.code)" = 1 ]'
ups=$(grep -aoE "$esc\[[0-9]+A" live.raw | wc -l)
check "the live view is redrawn in place at least twice (cursor up x$ups)" '[ "$ups" -ge 2 ]'
check "each redraw erases the lines it rewrites" 'grep -aq "$esc\[2K" live.raw'
check "the live view shows the run and each rack" \
  'grep -aq "devices done, [0-9]* blocked" live.raw && grep -aq "  r01 .*/3" live.raw && grep -aq "  r02 .*/3" live.raw'
check "the live view names the slowest devices in flight and what they wait on" \
  'grep -aq "SLOWEST IN FLIGHT" live.raw && grep -aqE "(command .|SSH handshake|login as|the shell prompt)" live.raw'
check "the cursor and line wrap are back on at the end" \
  '[ "$(grep -aoE "$esc\[\?25[hl]" live.raw | tail -1)" = "$esc[?25h" ] &&
   [ "$(grep -aoE "$esc\[\?7[hl]" live.raw | tail -1)" = "$esc[?7h" ]'
check "the final screen holds the table header once" '[ "$(count "^DEVICE  " live.screen)" -eq 1 ]'
check "the final screen ends the table with the summary line" \
  'grep -A1 "^pdu-r01-a " live.screen | tail -1 | grep -qE "^6 devices: [0-9] pass, [0-9] blocked \([0-9] fail, [0-9] error\) in [0-9.]+ s$"'
# (capture-pane -S - includes tmux's history: a block cleared into it would show here.)
check "no live row is left on the screen or scrolled above the table" \
  '! grep -qE "devices done|RACK  DONE|SLOWEST IN FLIGHT|^  r0[12] " live.screen'
check "no plain progress line on a terminal" '! grep -qE "^\[ *[0-9]+/6\]" live.screen'
for d in $devices; do
  check "$d appears once on the final screen, in the table" '[ "$(count "^$d " live.screen)" -eq 1 ]'
done

# --- through a pipe -------------------------------------------------------------------
"${rack[@]}" 2>&1 | cat >pipe.txt
check "through a pipe: one plain line per device" '[ "$(grep -cE "^\[ *[1-6]/6\] " pipe.txt)" -eq 6 ]'
for d in $devices; do
  check "through a pipe: $d gets one progress line" '[ "$(grep -cE "^\[ *[1-6]/6\] $d +(pass|fail|error)" pipe.txt)" -eq 1 ]'
done
check "through a pipe: a blocked device's line says why" 'grep -qE "^\[ *[1-6]/6\] sw-r01-tor2 +fail  default-credentials: " pipe.txt'
check "through a pipe: not one escape byte" '! grep -q "$esc" pipe.txt'
check "through a pipe: the table and summary follow" 'grep -q "^DEVICE  " pipe.txt && grep -qE "^6 devices: " pipe.txt'

# --- --quiet --------------------------------------------------------------------------
"${rack[@]}" --quiet 2>&1 | cat >quiet.txt
check "--quiet through a pipe: no progress line, the table all the same" \
  '! grep -qE "^\[ *[0-9]+/6\]" quiet.txt && grep -qE "^6 devices: " quiet.txt'
on_terminal quiet --quiet
check "--quiet on a terminal: no live view drawn" \
  '! grep -aqE "$esc\[[0-9]+A" quiet.raw && ! grep -aq "devices done" quiet.raw'
check "--quiet on a terminal: the table and summary" 'grep -qE "^6 devices: " quiet.screen'

finish
