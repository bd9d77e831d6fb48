#!/usr/bin/env bash
# Installs the Debian packages attest needs to build, test and run its lab.
# As root: apt-get installs what is missing. Otherwise: prints the one line to run.
# --test adds what only the tests need: a headless browser for report.html
# (chromium, with fonts for its screenshots) and python3 for the test scripts.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config
  libssh2-1-dev libssh-dev libssl-dev libboost-program-options-dev
  nlohmann-json3-dev doctest-dev libtss2-dev
  openssh-server openssh-client swtpm swtpm-tools tpm2-tools
)
case "${1:-}" in
  --test) PACKAGES+=(chromium fonts-dejavu-core python3 dropbear-bin python3-paramiko) ;;
  "") ;;
  *) echo "usage: $0 [--test]" >&2; exit 2 ;;
esac

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "attest needs these Debian packages; run:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 2
fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
