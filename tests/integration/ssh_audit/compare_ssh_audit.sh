#!/bin/bash
# Starts OpenSSH sshd on loopback twice (stock Debian 12 defaults, then weak
# algorithms only), captures its first bytes (tests/fixtures/ssh/probe.py),
# and compares what attest reads (ssh_hello_dump) with `ssh-audit -j`.
#   usage: compare_ssh_audit.sh SSH_HELLO_DUMP SOURCE_DIR
set -u
dump=$1 src=$2
command -v ssh-audit >/dev/null && [ -x /usr/sbin/sshd ] || { echo "skip: needs ssh-audit and openssh-server"; exit 77; }
source "$src/tests/support/checks.sh"
work=$(mktemp -d)
sshd_pid=""
trap '[ -n "$sshd_pid" ] && kill "$sshd_pid" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$work/ed25519" -C ''
ssh-keygen -q -t dsa -b 1024 -N '' -f "$work/dsa" -C ''

compare() {  # name, extra sshd config
  local port
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  printf 'Port %s\nListenAddress 127.0.0.1\nUsePAM no\nStrictModes no\nPidFile none\n%s\n' "$port" "$2" > "$work/$1.conf"
  /usr/sbin/sshd -D -e -f "$work/$1.conf" 2>"$work/$1.log" & sshd_pid=$!
  for _ in $(seq 50); do /usr/bin/python3 -c "import socket; socket.create_connection(('127.0.0.1',$port),1)" 2>/dev/null && break; sleep 0.1; done
  /usr/bin/python3 "$src/tests/fixtures/ssh/probe.py" "$port" "$work/$1.bin"
  "$dump" "$work/$1.bin" > "$work/$1.attest.json"
  check "$1: attest parses the capture" "[ $? -eq 0 ]"
  timeout 60 ssh-audit -j -p "$port" 127.0.0.1 > "$work/$1.audit.json"  # exits non-zero on findings
  kill "$sshd_pid"; wait "$sshd_pid" 2>/dev/null; sshd_pid=""
  local diff
  diff=$(/usr/bin/python3 - "$work/$1.attest.json" "$work/$1.audit.json" <<'PY'
import json, sys
ours, audit = (json.load(open(p)) for p in sys.argv[1:3])
names = lambda items: [i["algorithm"] for i in items]
pairs = [("banner", ours["banner"], audit["banner"]["raw"]),
         ("kex", ours["offered"]["kex"], names(audit["kex"])),
         ("host_key", ours["offered"]["host_key"], names(audit["key"])),
         ("cipher", ours["offered"]["cipher_s2c"], audit["enc"]),
         ("mac", ours["offered"]["mac_s2c"], audit["mac"]),
         ("compression", ours["offered"]["compression_s2c"], audit["compression"])]
for what, a, b in pairs:
    if a != b:
        print(f"{what}: attest {a} != ssh-audit {b}")
PY
)
  check "$1: banner, kex, host key, cipher, MAC and compression lists equal ssh-audit's${diff:+: $diff}" "[ -z \"\$diff\" ]"
}

compare stock "HostKey $work/ed25519"
compare weak-only "HostKey $work/dsa
HostKeyAlgorithms ssh-dss
KexAlgorithms diffie-hellman-group1-sha1
Ciphers 3des-cbc
MACs hmac-md5"
finish
