#!/usr/bin/env bash
# Installs the Debian packages attest needs to build, test and run its lab.
# As root: apt-get installs what is missing. Otherwise: prints the one line to run.
# --test adds what only the tests need: a headless browser for report.html
# (chromium, with fonts for its screenshots), python3 (with PyYAML, for the Kubernetes
# manifest check) for the test scripts, and tmux with util-linux `script` (bsdutils) to
# test the live progress view under a real terminal, and curl with the openssl tool for the
# Redfish lab test (clients of its HTTPS BMCs that attest did not write).
# --bench adds what `scripts/bench.sh site` compares attest with: sshpass for the
# OpenSSH loop, python3-asyncssh and python3-netmiko (CI does not run it).
# When the system libssh2 is older than 1.11 (Debian 12 has 1.10: no ETM MACs,
# no AES-GCM, no rsa-sha2), it then builds libssh2 1.11.1 from Debian 13's source
# package, static, into ${ATTEST_BUILD_DIR:-build}/third_party/libssh2 (see
# scripts/build-libssh2.sh), where CMake finds it.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake pkg-config dpkg-dev help2man
  libssh2-1-dev libssh-dev libssl-dev libboost-program-options-dev
  nlohmann-json3-dev doctest-dev libtss2-dev libcurl4-openssl-dev libsnmp-dev
  openssh-server openssh-client swtpm swtpm-tools tpm2-tools snmpd
)
case "${1:-}" in
  --test) PACKAGES+=(chromium fonts-dejavu-core python3 python3-yaml dropbear-bin python3-paramiko ssh-audit tmux bsdutils curl openssl nftables iproute2) ;;
  --bench) PACKAGES+=(python3 sshpass python3-asyncssh python3-netmiko) ;;
  "") ;;
  *) echo "usage: $0 [--test|--bench]" >&2; exit 2 ;;
esac

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exec scripts/build-libssh2.sh

if [ "$(id -u)" -ne 0 ]; then
  echo "attest needs these Debian packages; run:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 2
fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
exec scripts/build-libssh2.sh
