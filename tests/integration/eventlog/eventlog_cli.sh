#!/usr/bin/env bash
# `attest eventlog show|replay` against stock tpm2-tools on the same files: logs
# built straight from the TCG layouts by make_logs.py (not by attest's writer), in
# both formats and with the quirks real firmware has. Checked two ways:
#  - tpm2_eventlog's events and replayed PCRs equal attest's, for every log it accepts;
#  - each log's measured events extended into a fresh swtpm with tpm2_pcrextend, and
#    tpm2_pcrread's values equal attest's replay (this covers the quirks tpm2_eventlog
#    refuses or reads differently: an EV_NO_ACTION on PCR 0xffffffff, trailing padding).
# Then bad input: exit 2 with the file and the event's byte offset named.
# Usage: eventlog_cli.sh ATTEST_BINARY SOURCE_DIR
set -u
attest=$(realpath "$1") src=$(realpath "$2")
here=$(dirname "$(realpath "$0")")
source "$src/tests/support/checks.sh"
tmp=$(mktemp -d /tmp/attest-eventlog.XXXXXX)
swtpm_pid=""
cleanup() {
  [ -n "$swtpm_pid" ] && kill "$swtpm_pid" 2>/dev/null && wait "$swtpm_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

python3 "$here/make_logs.py" "$tmp" || { echo "FAIL: make_logs.py"; exit 1; }
compare() { python3 "$here/compare.py" "$@"; }

# tpm2_eventlog on the same file: events and PCRs per bank.
for case in agile:sha1,sha256 agile384:sha1,sha256,sha384 sha1only:sha1 unknown_alg:sha1,sha256; do
  name=${case%%:*} banks=${case#*:}
  tpm2_eventlog "$tmp/$name.bin" >"$tmp/$name.tpm2" 2>/dev/null
  check "$name: tpm2_eventlog reads it" "[ -s $tmp/$name.tpm2 ]"
  expect 0 '"pcrs"' -- "$attest" eventlog replay --json "$tmp/$name.bin"
  "$attest" eventlog replay --json "$tmp/$name.bin" >"$tmp/$name.replay" 2>"$tmp/$name.notes"
  "$attest" eventlog show --json "$tmp/$name.bin" >"$tmp/$name.show"
  expect 0 "pcrs equal: $banks" -- compare pcrs "$tmp/$name.tpm2" "$tmp/$name.replay" "$banks"
  expect 0 "events equal: 17" -- compare events "$tmp/$name.tpm2" "$tmp/$name.show"
done
expect 0 '^event log: sha1-only, banks sha1, 17 events' -- "$attest" eventlog show "$tmp/sha1only.bin"
expect 0 "data: variable SecureBoot \(8be4df61-93ca-11d2-aa0d-00e098032b8c\) = 01" -- "$attest" eventlog show "$tmp/agile.bin"
expect 0 'data: image 0x7f000000 \(131072 bytes\) \\EFI\\BOOT\\BOOTX64.EFI' -- "$attest" eventlog show "$tmp/agile.bin"
expect 0 "note: hash algorithm 0x0012 .* is not one attest can compute" -- "$attest" eventlog show "$tmp/unknown_alg.bin"
check "unknown_alg: the SM3 bank is not replayed" "! grep -q sm3_256 $tmp/unknown_alg.replay"
expect 0 "note: event 4 EV_EFI_VARIABLE_DRIVER_CONFIG: 2 byte\(s\) after the UEFI_VARIABLE_DATA ignored" -- \
  "$attest" eventlog show "$tmp/quirks.bin"
expect 0 "note: 512 byte\(s\) of padding after the last event ignored" -- "$attest" eventlog show "$tmp/quirks.bin"
expect 0 "2  PCR4294967295  EV_NO_ACTION" -- "$attest" eventlog show "$tmp/quirks.bin"
expect 0 '^  sha256:$' -- "$attest" eventlog replay "$tmp/agile.bin"

# A fresh swtpm per log: extend what the log says was measured, read the PCRs back.
start_swtpm() {  # a fresh port pair per attempt: another test may take a port between our check and swtpm's bind
  local port _
  for _ in 1 2 3 4 5; do
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    rm -rf "$tmp/tpm" && mkdir -p "$tmp/tpm"
    swtpm socket --tpm2 --tpmstate dir="$tmp/tpm" --flags not-need-init,startup-clear \
      --server type=tcp,port="$port",bindaddr=127.0.0.1 --ctrl type=tcp,port=$((port + 1)),bindaddr=127.0.0.1 2>/dev/null &
    swtpm_pid=$!
    export TPM2TOOLS_TCTI="swtpm:host=127.0.0.1,port=$port"
    for _ in $(seq 50); do
      tpm2_pcrread sha1:0 >/dev/null 2>&1 && return 0
      kill -0 "$swtpm_pid" 2>/dev/null || break
      sleep 0.1
    done
    stop_swtpm
  done
  echo "FAIL: swtpm did not start"; return 1
}
# Stock tpm2_quote over the log's first bank, then `attest quote verify` judges the log
# with golden values `attest boot golden` made from the same log: a SHA1-only log is
# accepted with its warning over a sha1 quote.
quote_and_judge() {  # NAME BANK
  local name=$1 bank=$2 nonce
  nonce=$(openssl rand -hex 20)
  # No resource manager in front of swtpm: flush transient objects between tools.
  tpm2_createek -c "$tmp/ek.ctx" -G rsa >/dev/null 2>&1 && tpm2_flushcontext -t &&
    tpm2_createak -C "$tmp/ek.ctx" -c "$tmp/ak.ctx" -G rsa -g sha256 -s rsassa -u "$tmp/ak.pem" -f pem >/dev/null 2>&1 &&
    tpm2_flushcontext -t && tpm2_flushcontext -s &&
    tpm2_quote -c "$tmp/ak.ctx" -l "$bank:0,1,2,3,4,5,6,7" -q "$nonce" -g sha256 -m "$tmp/q.msg" -s "$tmp/q.sig" -o "$tmp/q.pcrs" >/dev/null 2>&1
  check "$name: stock tpm2_quote over $bank:0-7" "[ -s $tmp/q.msg ]"
  rm -f "$tmp/$name.golden.json"
  "$attest" boot golden --eventlog "$tmp/$name.bin" --model "Reference" --firmware 1 --pcr-selection "$bank:0-7" \
    --out "$tmp/$name.golden.json" >/dev/null
  local want='"detail": "event log \(17 events\) replays to the quoted PCRs'
  [ "$name" = sha1only ] && want='WARNING: SHA1-only event log \(TPM 1.2 format\), accepted by the golden boot policy'

  expect 0 "$want" -- "$attest" quote verify --ak "$tmp/ak.pem" --nonce "$nonce" --message "$tmp/q.msg" \
    --signature "$tmp/q.sig" --pcrs "$tmp/q.pcrs" --pcr-selection "$bank:0-7" --eventlog "$tmp/$name.bin" \
    --policy "$tmp/$name.golden.json" --json
  # The same quote against the log with one byte of the boot application's digest flipped.
  python3 - "$tmp/$name.bin" "$tmp/$name.flipped" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
data[-100] ^= 1  # inside the last event: the boot application's image-load record or digest
open(sys.argv[2], "wb").write(bytes(data))
PY
  expect 1 "measured boot: " -- "$attest" quote verify --ak "$tmp/ak.pem" --nonce "$nonce" --message "$tmp/q.msg" \
    --signature "$tmp/q.sig" --pcrs "$tmp/q.pcrs" --pcr-selection "$bank:0-7" --eventlog "$tmp/$name.flipped" \
    --policy "$tmp/$name.golden.json"
}
stop_swtpm() { kill "$swtpm_pid" 2>/dev/null; wait "$swtpm_pid" 2>/dev/null; swtpm_pid=""; }
for case in agile:sha1,sha256 agile384:sha1,sha256,sha384 sha1only:sha1 quirks:sha1,sha256 sha1pad:sha1; do
  name=${case%%:*} banks=${case#*:}
  start_swtpm || { failures=$((failures + 1)); continue; }
  extended=0
  while read -r line; do tpm2_pcrextend "$line" && extended=$((extended + 1)); done <"$tmp/$name.extend"
  check "$name: every measured event extended into swtpm ($extended)" "[ $extended -eq $(wc -l <"$tmp/$name.extend") ]"
  selection=$(sed 's/,/:0,1,2,3,4,5,6,7+/g; s/$/:0,1,2,3,4,5,6,7/' <<<"$banks")
  tpm2_pcrread "$selection" >"$tmp/$name.pcrread" 2>&1
  "$attest" eventlog replay --json "$tmp/$name.bin" >"$tmp/$name.replay" 2>/dev/null
  expect 0 "pcrs equal: $banks" -- compare pcrs "$tmp/$name.pcrread" "$tmp/$name.replay" "$banks"
  case $name in agile | sha1only) quote_and_judge "$name" "${banks%%,*}" ;; esac
  stop_swtpm
done

# Bad input: exit 2, the file and the failing event's offset named; nothing on stdout.
head -c 200 "$tmp/agile.bin" >"$tmp/truncated.bin"
expect 2 "truncated.bin: event log: event 2 at offset 0x000000[0-9a-f]{2}: " -- "$attest" eventlog show "$tmp/truncated.bin"
check "a log that does not parse prints nothing on stdout" "[ -z \"\$($attest eventlog replay $tmp/truncated.bin 2>/dev/null)\" ]"
expect 2 "no-such.bin" -- "$attest" eventlog show "$tmp/no-such.bin"
expect 2 "unknown eventlog action 'dump'" -- "$attest" eventlog dump "$tmp/agile.bin"
finish
