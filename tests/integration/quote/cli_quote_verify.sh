#!/usr/bin/env bash
# `attest quote verify` on the files stock tpm2_quote wrote (fixtures made by
# tests/fixtures/tpm/quote/make_fixtures.sh): exit 0 valid, 1 invalid with the
# reason, 2 unreadable input. Usage: cli_quote_verify.sh ATTEST_BINARY SOURCE_DIR
set -u
attest=$1 src=$2
fx=$src/tests/fixtures/tpm/quote
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/../../support/checks.sh"
nonce=$(cat "$fx/nonce.hex")


# verify KIND [--ak|--nonce|--message|--signature|--pcrs VALUE]... [other options]:
# the fixture files of KIND, with the named ones replaced.
verify() {
  local kind=$1; shift
  local ak=$fx/$kind.ak.pem n=$nonce msg=$fx/$kind.msg sig=$fx/$kind.sig pcrs=$fx/$kind.pcrs
  while [ $# -gt 0 ]; do
    case $1 in
      --ak) ak=$2 ;; --nonce) n=$2 ;; --message) msg=$2 ;; --signature) sig=$2 ;; --pcrs) pcrs=$2 ;;
      *) break ;;
    esac
    shift 2
  done
  "$attest" quote verify --ak "$ak" --nonce "$n" --message "$msg" --signature "$sig" --pcrs "$pcrs" "$@"
}
# A copy of FILE with the byte at OFFSET xor-ed with 0x01.
flip() {
  local file=$1 offset=$2 out=$3
  python3 -c 'import sys; b=bytearray(open(sys.argv[1],"rb").read()); b[int(sys.argv[2])]^=1; open(sys.argv[3],"wb").write(b)' \
    "$file" "$offset" "$out"
}

# 0: genuine quotes, every scheme, both PCR formats, both AK formats.
expect 0 "quote verified: rsassa/sha256.*resetCount 1" -- verify rsa
expect 0 "quote verified: ecdsa/sha256" -- verify ecc
expect 0 "quote verified: rsapss/sha256" -- verify rsapss
expect 0 "quote verified" -- verify ecc --pcrs "$fx/ecc.pcrs.values" --pcrs-format values
expect 0 "quote verified" -- verify rsa --ak "$fx/rsa.ak.pub"
expect 0 '"valid": true' -- verify ecc --json

# 1: invalid, with the reason.
expect 1 "is not the nonce" -- verify rsa --nonce 00112233
flip "$fx/rsa.msg" 60 "$tmp/tampered.msg"
expect 1 "signature does not verify" -- verify rsa --message "$tmp/tampered.msg"
flip "$fx/ecc.pcrs" 145 "$tmp/other.pcrs"
expect 1 "pcrDigest .* does not match" -- verify ecc --pcrs "$tmp/other.pcrs"
expect 1 "signature does not verify" -- verify rsa --ak "$fx/rsapss.ak.pem"
expect 1 "does not match the AK's key type" -- verify rsa --ak "$fx/ecc.ak.pem"
expect 1 "required PCR sha256:8 is not in the quote" -- verify ecc --pcr-selection sha256:0-8
expect 1 '"valid": false' -- verify ecc --nonce 00 --json
expect 1 "measured boot: .*does not match the quote" -- \
  verify ecc --eventlog "$src/tests/fixtures/tpm/eventlog/lab-r660.bin" --policy "$src/firmware-db/boot/dell.json"

# 2: unreadable input or usage.
expect 2 "no-such.msg" -- verify rsa --message "$tmp/no-such.msg"
expect 2 "--nonce: hex" -- verify rsa --nonce xyz
expect 2 "no nonce" -- verify rsa --nonce ''
head -c 100 "$fx/rsa.msg" >"$tmp/short.msg"
expect 2 "short.msg: quote message: not a valid structure" -- verify rsa --message "$tmp/short.msg"
{ cat "$fx/rsa.msg"; printf 'x'; } >"$tmp/long.msg"
expect 2 "1 trailing bytes" -- verify rsa --message "$tmp/long.msg"
head -c 40 "$fx/ecc.sig" >"$tmp/short.sig"
expect 2 "short.sig: quote signature" -- verify ecc --signature "$tmp/short.sig"
head -c 300 "$fx/ecc.pcrs" >"$tmp/short.pcrs"
expect 2 "short.pcrs: PCR file" -- verify ecc --pcrs "$tmp/short.pcrs"
head -c 255 "$fx/ecc.pcrs.values" >"$tmp/short.values"
expect 2 "short.values: PCR file: values" -- verify ecc --pcrs "$tmp/short.values" --pcrs-format values
head -c 70000 /dev/zero >"$tmp/huge.msg"
expect 2 "larger than the limit" -- verify rsa --message "$tmp/huge.msg"
head -c 500 /dev/urandom >"$tmp/garbage"
expect 2 "garbage" -- verify rsa --ak "$tmp/garbage"
expect 2 "garbage" -- verify rsa --signature "$tmp/garbage"
expect 2 "garbage" -- verify rsa --message "$tmp/garbage"
expect 2 "must be serialized or values" -- verify rsa --pcrs-format yaml
expect 2 "--pcr-selection" -- verify rsa --pcr-selection md5:0
expect 2 "--eventlog and --policy go together" -- verify rsa --eventlog "$fx/rsa.msg"
expect 2 "event log not understood" -- verify ecc --eventlog "$fx/ecc.msg" --policy "$src/firmware-db/boot/dell.json"
expect 2 "required" -- "$attest" quote verify --ak "$fx/rsa.ak.pem"
expect 2 "usage: attest quote verify" -- "$attest" quote checkit

finish
