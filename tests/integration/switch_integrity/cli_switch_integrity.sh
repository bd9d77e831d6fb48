#!/usr/bin/env bash
# Cisco boot integrity visibility end to end: `attest pin` then `attest rack`
# against attest-lab with two cisco-iosxe switches that hold a lab SUDI (a
# fresh chain made at lab start): a clean one passes measured-boot (SUDI chain
# to the lab root in the DB's tpm-roots/cisco-sudi/, both signatures over the
# fresh nonce, PCR0/PCR8 replay, every hash golden for its release); one whose
# OS image was tampered with fails measured-boot naming that OS hash.
# Usage: cli_switch_integrity.sh ATTEST_BINARY LAB_BINARY SOURCE_DIR
set -u
here=$(dirname "$0")
source "$here/../../support/checks.sh"
source "$here/../../support/lab_process.sh"
attest=$(realpath "$1") lab=$(realpath "$2") src=$(realpath "$3") tmp=$(mktemp -d)
trap 'stop_lab_process; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

# The lab's measurements (attest/lab/sudi_device.hpp) as a reviewer lists them
# for the lab release; the tampered switch's OS hash is not among them.
python3 - "$(( $$ % 250 + 1 ))" <<'PY'
import hashlib, json, sys
octet = sys.argv[1]
model, version = "C9300-24T", "17.09.04a"
login = {"username": "netops", "password": "Switch-Test-Login-5"}
switches = [("tor-clean", "FOC2145X0AA", {}), ("tor-tampered", "FOC2145X0AB", {"fault": "tampered-os-hash"})]
lab, inv = [], []
for i, (name, serial, sudi) in enumerate(switches, start=1):
    address = f"127.73.{octet}.{i}"
    lab.append({"name": name, "profile": "cisco-iosxe", "listen": f"{address}:2222", "host_key": f"keys/{name}.key",
                "facts": {"vendor": "Cisco", "model": model, "serial": serial, "version": version, "hostname": name},
                # "exec": IOS-XE also answers exec requests, which is how the gate asks for the evidence.
                "accounts": [login], "mode": "exec", "sudi": dict(sudi, root_out=f"roots/{name}.pem")})
    inv.append({"name": name, "role": "switch", "profile": "cisco-iosxe", "model": model, "serial": serial,
                "address": address, "host_key": "", "credential": "netops", "position_u": i})
timeouts = {"connect": 3000, "auth": 5000, "command": 10000, "total": 30000}
files = {
    "lab.json": {"schema": "attest.lab/v1", "devices": lab},
    "unpinned.json": {"schema": "attest.inventory/v1", "site": "integrity-test",
                      "defaults": {"port": 2222, "timeouts_ms": timeouts},
                      "racks": [{"name": "r01", "height_u": 42, "devices": inv}]},
    "secrets.json": {"schema": "attest.secrets/v1", "credentials": {"netops": login}},
}
for path, document in files.items():
    with open(path, "w") as out:
        json.dump(document, out, indent=1)
golden = {"model": model, "os_versions": [version],
          "boot0_hashes": [hashlib.sha256(f"attest-lab boot0 {model}".encode()).hexdigest()],
          "boot_loader_hashes": [hashlib.sha512(f"attest-lab boot loader {model}".encode()).hexdigest()],
          "os_hashes": [hashlib.sha512(f"attest-lab os {model} {version}".encode()).hexdigest()]}
json.dump({"schema": "attest.integrity/v1", "description": "LAB VALUES", "policies": [golden]},
          open("integrity.json", "w"), indent=1)
open("tampered-os.hex", "w").write(hashlib.sha512(f"attest-lab tampered os {model} {version}".encode()).hexdigest())
PY
chmod 600 secrets.json
mkdir -p keys roots
start_lab_process ready.json --spec lab.json --quiet
check "lab is ready with two SUDI switches" '[ -s ready.json ] && [ -s roots/tor-clean.pem ] && [ -s roots/tor-tampered.pem ]' || { finish; exit 1; }

# The DB: the repository's, plus the lab release's golden values and the lab
# SUDI roots (one per switch: each lab switch has its own chain).
cp -r "$src/firmware-db" db
mkdir -p db/integrity db/tpm-roots/cisco-sudi
cp integrity.json db/integrity/lab.json
cp roots/tor-clean.pem db/tpm-roots/cisco-sudi/lab-tor-clean.pem
cp roots/tor-tampered.pem db/tpm-roots/cisco-sudi/lab-tor-tampered.pem

"$attest" pin --inventory unpinned.json --out inventory.json >pin.out 2>&1
check "both switches' host keys are pinned" '[ "$(grep -c "\"host_key\": \"SHA256:" inventory.json)" -eq 2 ]'

"$attest" rack --inventory inventory.json --db db --allow-unsigned-db --secrets secrets.json \
  --out out --json --quiet >report.json 2>table.txt
code=$?
cat table.txt
check "rack exits 1: the tampered switch is blocked" '[ "$code" -eq 1 ]'

# measured NAME: "status: detail" of the device's measured-boot finding.
measured() {
  python3 - "$1" <<'PY'
import json, sys
for device in json.load(open("report.json"))["devices"]:
    if device["name"] == sys.argv[1]:
        print(*[f"{f['status']}: {f['detail']}" for f in device["findings"] if f["check"] == "measured-boot"])
PY
}
check "the clean switch passes measured-boot on its signed evidence" \
  'measured tor-clean | grep -q "^pass: integrity evidence signed by SUDI PID:C9300-24T SN:FOC2145X0AA with nonce [0-9]*; PCR0/PCR8 replay"'
check "the tampered switch fails measured-boot naming its OS hash" \
  'measured tor-tampered | grep -q "^fail: OS Hash $(cat tampered-os.hex) is not a golden value for model .C9300-24T. OS .17.09.04a."'
check "the nonce was fresh: each switch was asked with its own" \
  '[ "$(grep -o "sign nonce [0-9]*" report.json | sort -u | wc -l)" -ge 2 ]'
rm db/tpm-roots/cisco-sudi/lab-tor-clean.pem
"$attest" rack --inventory inventory.json --db db --allow-unsigned-db --secrets secrets.json \
  --out out2 --json --quiet >report.json 2>/dev/null
check "without its root in the DB the clean switch fails measured-boot: no trusted chain" \
  'measured tor-clean | grep -q "^fail: .*not a trusted Cisco root"'
check "no secret value in any output" '! grep -rqF "Switch-Test-Login-5" out out2 report.json table.txt pin.out'

finish
