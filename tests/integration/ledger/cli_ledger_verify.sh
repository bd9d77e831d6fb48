#!/usr/bin/env bash
# `attest ledger verify`: exit 0 intact (entries, head hash), 1 tampered (the
# first bad line and why), 2 unreadable or bad usage; appending to a tampered
# ledger is refused and changes nothing; the README's stock-tools recipe
# recomputes the same hashes. Usage: cli_ledger_verify.sh ATTEST_BINARY LEDGER_APPEND_BINARY
set -u
attest=$1 append=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/../../support/checks.sh"

ledger=$tmp/ledger.jsonl
for run in 1 2 3 4; do "$append" "$ledger" "$run" || exit 1; done
head_hash=$(tail -n 1 "$ledger" | tr -d '\n' | sha256sum | cut -d' ' -f1)
verify() { "$attest" ledger verify "$@"; }
# tampered NAME: a copy of the ledger to edit
tampered() { cp "$ledger" "$tmp/$1"; echo "$tmp/$1"; }

# 0: intact.
expect 0 "intact, 4 entries, head sha256 $head_hash" -- verify "$ledger"
expect 0 '"head_sha256": "'"$head_hash"'"' -- verify "$ledger" --json

# 1: tampered, naming the first bad line.
f=$(tampered edited); sed -i '2s/"pass":6/"pass":7/' "$f"
expect 1 "line 2: entry_sha256 mismatch \(entry edited\)" -- verify "$f"
f=$(tampered removed); sed -i '2d' "$f"
expect 1 "line 2: prev does not match line 1 \(entry removed, inserted or reordered" -- verify "$f"
f=$(tampered inserted); sed -n '2p' "$ledger" >"$tmp/copy"; sed -i "3r $tmp/copy" "$f"
expect 1 "line 4: prev does not match line 3" -- verify "$f"
f=$(tampered reordered); for n in 1 3 2 4; do sed -n "${n}p" "$ledger"; done >"$f"
expect 1 "line 2: prev does not match line 1" -- verify "$f"
f=$(tampered truncated); head -c -30 "$ledger" >"$f"
expect 1 "line 4: not JSON \(syntax error at column [0-9]+\)" -- verify "$f"
f=$(tampered no-newline); head -c -1 "$ledger" >"$f"
expect 1 "line 4: no newline at the end" -- verify "$f"
f=$(tampered garbage); sed -i '3s/.*/this is not a ledger entry/' "$f"
expect 1 "line 3: not JSON" -- verify "$f"
: >"$tmp/empty.jsonl"
expect 1 "line 1: the ledger is empty" -- verify "$tmp/empty.jsonl"
f=$(tampered json-out); sed -i '2d' "$f"
expect 1 '"line": 2' -- verify "$f" --json

# Appending to a tampered ledger is refused; the file is left as it was.
f=$(tampered refused); sed -i '2d' "$f"; cp "$f" "$tmp/before"
expect 1 "line 2: prev does not match line 1.*not appending" -- "$append" "$f" 5
check "a refused append leaves the ledger unchanged" 'cmp -s "$f" "$tmp/before"'

# 2: unreadable input or usage.
expect 2 "no-such.jsonl" -- verify "$tmp/no-such.jsonl"
expect 2 "is a directory" -- verify "$tmp"
expect 2 "unknown ledger action 'check'" -- "$attest" ledger check "$ledger"
expect 2 "usage: attest ledger verify FILE" -- "$attest" ledger

# The README recipe with stock tools: line 3's prev is the SHA-256 of line 2
# without its newline; line 3's entry_sha256 is that of line 3 without the member.
line2_hash=$(sed -n '2p' "$ledger" | tr -d '\n' | sha256sum | cut -d' ' -f1)
member() { sed -n "$1p" "$ledger" | grep -o "\"$2\":\"[0-9a-f]*\"" | cut -d'"' -f4; }
check "prev of line 3 = sha256 of line 2 (stock tools)" '[ "$(member 3 prev)" = "$line2_hash" ]'
body_hash=$(sed -n '3p' "$ledger" | sed 's/,"entry_sha256":"[0-9a-f]*"}$/}/' | tr -d '\n' | sha256sum | cut -d' ' -f1)
check "entry_sha256 of line 3 = sha256 of line 3 without it (stock tools)" \
  '[ "$(member 3 entry_sha256)" = "$body_hash" ]'

finish
