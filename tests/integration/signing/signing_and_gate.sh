#!/usr/bin/env bash
# Tamper tests for the signed golden DB and signed reports, and the decisions
# of `attest gate`. Every tamper must be caught with a message that says what
# changed, and a refused run must write nothing.
# Usage: signing_and_gate.sh ATTEST_BINARY SOURCE_DIR
set -u
attest=$(realpath "$1") src=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/../../support/checks.sh"
cd "$tmp"

# --- keys -------------------------------------------------------------------
expect 0 "key id: +[0-9a-f]{64}" -- "$attest" keygen --out db.key
expect 0 "public key: +report.pub.pem" -- "$attest" keygen --out report.key
check "private key is written 0600" '[ "$(stat -c %a db.key)" = 600 ]'
check "public key is PEM" 'grep -q "BEGIN PUBLIC KEY" db.pub.pem'
expect 2 "refusing to overwrite" -- "$attest" keygen --out db.key
cp db.key loose.key && chmod 644 loose.key
expect 2 "mode 0644 is too open; signing key must be 0600" -- "$attest" db sign --key loose.key "$src/firmware-db"

# --- signed golden DB -------------------------------------------------------
fresh_db() { rm -rf db && cp -r "$src/firmware-db" db && "$attest" db sign --key db.key db >/dev/null; }
fresh_db
check "db sign writes the manifest and a 64-byte signature" '[ -s db/MANIFEST.json ] && [ "$(stat -c %s db/MANIFEST.json.sig)" = 64 ]'
check "stock openssl verifies the manifest signature" \
  'openssl pkeyutl -verify -pubin -inkey db.pub.pem -rawin -in db/MANIFEST.json -sigfile db/MANIFEST.json.sig >/dev/null'
check "the manifest lists the TPM roots README too (every file)" 'grep -q "\"tpm-roots/README.md\"" db/MANIFEST.json'
expect 0 "all [0-9]+ files verify" -- "$attest" db verify --pubkey db.pub.pem db

cp "$src/inventory/demo/secrets.json" secrets.json && chmod 600 secrets.json
rack() { "$attest" rack --inventory "$src/inventory/demo/inventory.json" --secrets secrets.json --out out --quiet "$@"; }
expect 2 "no trusted DB key given" -- rack --db db
printf '\x01' | dd of=db/firmware/cisco.json bs=1 seek=10 conv=notrunc status=none
expect 2 "firmware/cisco.json: sha256 .* differs from the signed .*modified after signing" -- rack --db db --db-pubkey db.pub.pem
fresh_db; echo '{}' >db/firmware/zz-extra.json
expect 2 "firmware/zz-extra.json: not in the signed manifest" -- rack --db db --db-pubkey db.pub.pem
fresh_db; rm db/boot/dell.json
expect 2 "boot/dell.json: in the signed manifest but missing" -- rack --db db --db-pubkey db.pub.pem
fresh_db; printf '\xff' | dd of=db/MANIFEST.json.sig bs=1 seek=5 conv=notrunc status=none
expect 2 "MANIFEST.json.sig: signature does not verify under any trusted DB key" -- rack --db db --db-pubkey db.pub.pem
fresh_db; sed -i 's/"files": \[/"files": [ /' db/MANIFEST.json
expect 2 "signature does not verify" -- rack --db db --db-pubkey db.pub.pem
fresh_db
expect 2 "signature does not verify under any trusted DB key" -- rack --db db --db-pubkey report.pub.pem
rm -rf unsigned && cp -r "$src/firmware-db" unsigned
expect 2 "MANIFEST.json.*not signed" -- rack --db unsigned --db-pubkey db.pub.pem
expect 2 "choose one" -- rack --db db --db-pubkey db.pub.pem --allow-unsigned-db
expect 2 "mode 0644 is too open; signing key must be 0600" -- rack --db db --db-pubkey db.pub.pem --sign-key loose.key
check "no refused run wrote anything" '[ ! -e out ]'

# --- signed reports and `attest gate` ---------------------------------------
# Reports signed by stock openssl: the verifier is independent of the signer.
now=$(date -u +%Y-%m-%dT%H:%M:%S.000Z)
old=$(date -u -d '-2 days' +%Y-%m-%dT%H:%M:%S.000Z)
make_report() {  # FILE FINISHED DB_SIGNED
  cat >"$1" <<JSON
{"schema": "attest.report/v1", "site": "demo-dc1", "finished": "$2",
 "golden_db": {"signed": $3, "key_id": "$(openssl pkey -pubin -in db.pub.pem -outform DER | sha256sum | cut -c1-64)"},
 "signature": {"algorithm": "Ed25519", "key_id": "$(openssl pkey -pubin -in report.pub.pem -outform DER | sha256sum | cut -c1-64)"},
 "devices": [
  {"name": "good", "verdict": "pass", "findings": [{"check": "firmware-version", "status": "pass", "detail": "approved"}]},
  {"name": "bad", "verdict": "fail", "findings": [{"check": "default-credentials", "status": "fail", "detail": "admin/admin logs in"}]},
  {"name": "empty", "verdict": "pass", "findings": []}]}
JSON
  openssl pkeyutl -sign -inkey report.key -rawin -in "$1" -out "$1.sig"
}
make_report r.json "$now" true
expect 0 "signature valid \(Ed25519, key [0-9a-f]{64}" -- "$attest" report verify --report r.json --pubkey report.pub.pem
expect 0 "good: PROMOTE" -- "$attest" gate --report r.json --pubkey report.pub.pem --device good
expect 0 '"promote": true' -- "$attest" gate --report r.json --pubkey report.pub.pem --device good --json --db-pubkey db.pub.pem
expect 1 "default-credentials fail: admin/admin logs in" -- "$attest" gate --report r.json --pubkey report.pub.pem --device bad
expect 1 "never promoted without evidence" -- "$attest" gate --report r.json --pubkey report.pub.pem --device empty
expect 1 "'ghost' is not in this report" -- "$attest" gate --report r.json --pubkey report.pub.pem --device ghost
expect 1 "for site 'demo-dc1', not 'dc2'" -- "$attest" gate --report r.json --pubkey report.pub.pem --device good --site dc2
expect 1 "not by a key given with --db-pubkey" -- "$attest" gate --report r.json --pubkey report.pub.pem --device good --db-pubkey report.pub.pem
expect 1 "wrong --pubkey" -- "$attest" gate --report r.json --pubkey db.pub.pem --device good
expect 1 "wrong --pubkey" -- "$attest" report verify --report r.json --pubkey db.pub.pem
expect 2 "no-such.pem" -- "$attest" gate --report r.json --pubkey no-such.pem --device good
expect 2 "not a PEM public key" -- "$attest" gate --report r.json --pubkey r.json --device good
expect 2 "max-age" -- "$attest" gate --report r.json --pubkey report.pub.pem --device good --max-age soon

cp r.json flipped.json && cp r.json.sig flipped.json.sig
sed -i 's/"verdict": "fail"/"verdict": "pass"/' flipped.json
expect 1 "modified after signing" -- "$attest" report verify --report flipped.json --pubkey report.pub.pem
expect 1 "modified after signing" -- "$attest" gate --report flipped.json --pubkey report.pub.pem --device bad
cp r.json badsig.json && cp r.json.sig badsig.json.sig
printf '\x00' | dd of=badsig.json.sig bs=1 seek=40 conv=notrunc status=none
expect 1 "modified after signing" -- "$attest" report verify --report badsig.json --pubkey report.pub.pem
head -c 63 r.json.sig >short.json.sig; cp r.json short.json
expect 1 "63 bytes; an Ed25519 signature is 64" -- "$attest" gate --report short.json --pubkey report.pub.pem --device good
expect 2 "nosig.sig: cannot open" -- "$attest" gate --report r.json --pubkey report.pub.pem --device good --sig nosig.sig

make_report stale.json "$old" true
expect 1 "older than --max-age 24h" -- "$attest" gate --report stale.json --pubkey report.pub.pem --device good
expect 0 "PROMOTE" -- "$attest" gate --report stale.json --pubkey report.pub.pem --device good --max-age 3d
make_report unsigned-db.json "$now" false
expect 1 "golden DB was not signature-checked" -- "$attest" gate --report unsigned-db.json --pubkey report.pub.pem --device good
# A signed report that says "verdict" twice says nothing the gate may rely on.
sed 's/"name": "bad", "verdict": "fail"/"name": "bad", "verdict": "fail", "verdict": "pass"/' r.json >twice.json
openssl pkeyutl -sign -inkey report.key -rawin -in twice.json -out twice.json.sig
expect 1 'twice.json: /devices/1/verdict: duplicate member "verdict"' -- \
  "$attest" gate --report twice.json --pubkey report.pub.pem --device bad

finish
