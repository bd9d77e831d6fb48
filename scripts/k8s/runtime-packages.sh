#!/usr/bin/env bash
# Prints the Debian packages that hold the shared libraries BINARY loads, one
# per line: what the runtime image installs (the builder stage runs this), so
# the image carries attest's libraries and not its build tools.
# Usage: runtime-packages.sh BINARY
set -euo pipefail
binary=${1:?usage: runtime-packages.sh BINARY}
libraries=$(ldd "$binary" | awk '/=> \// { print $3 }')
[ -n "$libraries" ] || { echo "runtime-packages: $binary loads no shared library?" >&2; exit 2; }
for lib in $libraries; do
  # Debian 12 registers some libraries under /lib, some under /usr/lib (merged /usr).
  dpkg-query -S "$lib" 2>/dev/null || dpkg-query -S "$(realpath "$lib")" 2>/dev/null ||
    dpkg-query -S "/usr${lib#/usr}" 2>/dev/null || dpkg-query -S "${lib#/usr}" 2>/dev/null ||
    { echo "runtime-packages: no package holds $lib" >&2; exit 2; }
done | cut -d: -f1 | sort -u
