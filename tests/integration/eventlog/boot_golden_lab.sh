#!/usr/bin/env bash
# Golden boot values made from a reference machine, end to end: a lab server with a
# real swtpm is the reference. Its event log and a fresh quote are fetched over SSH by
# paramiko (a client the project did not write), `attest boot golden --from-quote`
# turns them into firmware-db/boot/dell.json, a reviewer signs the DB, and the gate
# passes the server. Then one event is flipped in the reference log: the quote no
# longer vouches for it (refused), and golden values made from it without the quote
# block the same server, naming the event.
# Usage: boot_golden_lab.sh ATTEST_BINARY LAB_BINARY SOURCE_DIR
set -u
attest=$(realpath "$1") lab=$(realpath "$2") src=$(realpath "$3")
address=127.87.0.1 device=srv-r01-01
tmp=$(mktemp -d /tmp/attest-golden.XXXXXX)
source "$src/tests/support/lab_process.sh"
cleanup() { stop_lab_process; rm -rf "$tmp"; }
trap cleanup EXIT
source "$src/tests/support/checks.sh"
cd "$tmp"

# One TPM server of the demo rack, on its own address; its host key and pin as in the demo.
mkdir -p lab-keys && cp "$src/inventory/demo/lab-keys/$device.key" lab-keys/
python3 - "$src/inventory/demo" "$device" "$address" <<'PY'
import json, sys
demo, name, address = sys.argv[1:4]
spec = json.load(open(demo + "/lab.json"))
lab = [dict(d, listen=address + ":2222") for d in spec["devices"] if d["name"] == name]
json.dump({"schema": spec["schema"], "devices": lab}, open("lab.json", "w"), indent=2)
inv = json.load(open(demo + "/inventory.json"))
dev = [dict(d, address=address) for r in inv["racks"] for d in r["devices"] if d["name"] == name]
inv["racks"] = [{"name": "r87", "height_u": 42, "devices": dev}]
json.dump(inv, open("inventory.json", "w"), indent=2)
PY
cp "$src/inventory/demo/secrets.json" secrets.json && chmod 600 secrets.json
start_lab_process ready.json --spec lab.json --state state --quiet
check "lab is ready" '[ -s ready.json ]'

# The reference machine's evidence, as a site engineer would take it on the machine itself.
nonce=$(openssl rand -hex 32)
/usr/bin/python3 - "$address" "$nonce" <<'PY' || echo "FAIL: fetching the reference evidence"
import json, sys, paramiko
address, nonce = sys.argv[1:3]
login = json.load(open("secrets.json"))["credentials"]["linux-ops"]  # the password stays out of argv
client = paramiko.SSHClient()
client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
client.connect(address, port=2222, username=login["username"], password=login["password"],
               allow_agent=False, look_for_keys=False, timeout=10)
for command, out in (("cat /sys/kernel/security/tpm0/binary_bios_measurements", "reference.bin"),
                     ("attest agent quote --nonce %s --pcrs sha256:0-7" % nonce, "quote.json")):
    _, stdout, _ = client.exec_command(command, timeout=30)
    open(out, "wb").write(stdout.read())
client.close()
PY
check "the reference log and quote were read" '[ -s reference.bin ] && grep -q "attest.quote/v1" quote.json'

rm -rf db && cp -r "$src/firmware-db" db && rm db/boot/dell.json
"$attest" keygen --out db.key >/dev/null && "$attest" keygen --out report.key >/dev/null
ca=state/tpm-ca
rack() {  # rack OUT: a signed gate run over the one server, enrolling its TPM
  rm -rf "$1" enrollments.json
  "$attest" db sign --key db.key db >/dev/null
  "$attest" rack --inventory inventory.json --db db --db-pubkey db.pub.pem --secrets secrets.json --sign-key report.key \
    --out "$1" --enrollments enrollments.json --enroll --state "journal-$1" --quiet \
    --tpm-root "$ca/swtpm-localca-rootca-cert.pem" --tpm-intermediate "$ca/issuercert.pem" >"$1.txt" 2>&1
}
boot_finding() { python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))["devices"][0]
print([f["status"] + ": " + f["detail"] for f in d["findings"] if f["check"] == "measured-boot"][0])' "$1/report.json"; }

rack no-policy
check "without a boot policy for the model the server is blocked" \
  'boot_finding no-policy | grep -q "^fail: no golden boot policy for model PowerEdge R660 firmware 12"'

expect 0 "wrote db/boot/dell.json: golden boot values for PowerEdge R660 firmware 12 .*vouched for by the quote" -- \
  "$attest" boot golden --eventlog reference.bin --model "PowerEdge R660" --firmware 12 --from-quote quote.json \
  --nonce "$nonce" --out db/boot/dell.json
check "the policy records the reference log's digest" \
  'grep -q "\"eventlog_sha256\": \"$(sha256sum reference.bin | cut -c1-64)\"" db/boot/dell.json'
check "the policy records the quote it was checked against" 'grep -q "\"quote\": \"attest.quote/v1 over sha256:0-7 verified" db/boot/dell.json'
expect 2 "db/boot/dell.json: exists; not overwritten" -- \
  "$attest" boot golden --eventlog reference.bin --model "PowerEdge R660" --firmware 12 --out db/boot/dell.json
expect 2 "quote.json: .*nonce" -- "$attest" boot golden --eventlog reference.bin --model "PowerEdge R660" --firmware 12 \
  --from-quote quote.json --nonce "$(openssl rand -hex 32)" --out other.json
check "a refused generation writes nothing" '[ ! -e other.json ]'

rack golden
check "with the generated, signed policy the server passes measured boot" 'boot_finding golden | grep -q "^pass: event log (18 events) replays"'
expect 0 "$device: PROMOTE" -- "$attest" gate --report golden/report.json --pubkey report.pub.pem --device "$device"

# One event flipped: the sha256 digest of the last boot application (grubx64.efi).
"$attest" eventlog show --json reference.bin >reference.json
python3 - <<'PY'
import json
events = json.load(open("reference.json"))["events"]
grub = [e for e in events if e["type"] == "EV_EFI_BOOT_SERVICES_APPLICATION"][-1]
real = bytes.fromhex(grub["digests"]["sha256"])
data = open("reference.bin", "rb").read()
assert data.count(real) == 1
open("flipped.bin", "wb").write(data.replace(real, bytes([real[0] ^ 1]) + real[1:]))
open("grub.sha256", "w").write(real.hex())
PY
expect 2 "flipped.bin: not vouched for by quote.json: replay of event log gives sha256 PCR4 = " -- \
  "$attest" boot golden --eventlog flipped.bin --model "PowerEdge R660" --firmware 12 --from-quote quote.json \
  --nonce "$nonce" --out flipped.json
expect 0 "wrote db/boot/dell.json" -- \
  "$attest" boot golden --eventlog flipped.bin --model "PowerEdge R660" --firmware 12 --out db/boot/dell.json --force
rack flipped
check "golden values from the flipped log block the server, naming the event and its real digest" \
  'boot_finding flipped | grep -q "^fail: PCR4 event 18 EV_EFI_BOOT_SERVICES_APPLICATION: sha256 digest $(cat grub.sha256) is not in the golden set"'
expect 1 "measured-boot fail: PCR4 event 18 EV_EFI_BOOT_SERVICES_APPLICATION" -- "$attest" gate --report flipped/report.json --pubkey report.pub.pem --device "$device"
finish
