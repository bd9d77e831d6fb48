#!/usr/bin/env bash
# Builds libssh2 1.11.1 (static, OpenSSL backend) from Debian 13's (trixie) source
# package into ${ATTEST_BUILD_DIR:-build}/third_party/libssh2/install, when the system's
# libssh2 is older than 1.11. Called by scripts/install-deps.sh; idempotent.
#
# Why: Debian 12's libssh2 1.10 has no encrypt-then-MAC MACs, no AES-GCM and no
# rsa-sha2 signatures, so it cannot finish a handshake with a hardened OpenSSH and
# accepts SHA-1 host signatures from RSA-only hosts.
#
# The source comes through apt with a private configuration in a temp dir: one
# deb-src line for trixie whose mirror is the one this system already uses (taken from
# its own sources, never written into the repo), the Debian archive keyring for the
# signature check. The system's apt sources, lists and cache are not touched.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly UPSTREAM=1.11.1
readonly SUITE=trixie
readonly KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
root=${ATTEST_BUILD_DIR:-build}/third_party/libssh2
root=$(mkdir -p "$root" && cd "$root" && pwd)
stamp=$root/install/attest-libssh2-version

if pkg-config --atleast-version=1.11 libssh2 2>/dev/null; then
  exit 0  # the system's own is new enough; CMake uses it
fi
if [ -f "$root/install/lib/libssh2.a" ] && grep -qx "$UPSTREAM-.*" "$stamp" 2>/dev/null; then
  exit 0  # already built at the pinned version
fi

# The URI of the system's own Debian archive: deb822 stanzas whose Suites name the
# system's codename exactly (not -security, not -updates), else one-line `deb` entries.
system_debian_uri() {
  local codename
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  [ -n "$codename" ] || return 1
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk -v want="$codename" '
      BEGIN { RS = ""; FS = "\n" }
      {
        uri = ""; ok = 0
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^URIs:/)   { split(substr($i, 6), u, " "); for (k in u) if (u[k] != "") { uri = u[k]; break } }
          if ($i ~ /^Suites:/) { n = split(substr($i, 8), s, " "); for (j = 1; j <= n; j++) if (s[j] == want) ok = 1 }
        }
        if (ok && uri != "") { print uri; exit }
      }' "$f"
  done
  if [ -f /etc/apt/sources.list ]; then
    # deb [options] URI suite components...
    sed -E 's/\[[^]]*\]//' /etc/apt/sources.list |
      awk -v want="$codename" '$1 == "deb" && $3 == want { print $2; exit }'
  fi
}

uri=$(system_debian_uri | head -n1)
if [ -z "$uri" ]; then
  echo "build-libssh2: no Debian archive for this system's codename in /etc/apt/sources*; cannot fetch libssh2 $UPSTREAM" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/src"
echo "deb-src [signed-by=$KEYRING] $uri $SUITE main" >"$work/sources.list"
cat >"$work/apt.conf" <<CONF
Dir::Etc::sourcelist "$work/sources.list";
Dir::Etc::sourceparts "/nonexistent";
Dir::State::Lists "$work/lists";
Dir::Cache "$work/cache";
CONF
# apt downloads as the unprivileged _apt user where it exists: let it write here.
if [ "$(id -u)" -eq 0 ] && id _apt >/dev/null 2>&1; then
  chmod 755 "$work"
  chown -R _apt "$work/lists" "$work/cache" "$work/src"
fi
export APT_CONFIG=$work/apt.conf

echo "build-libssh2: fetching libssh2 $UPSTREAM source from $uri $SUITE" >&2
apt-get update -qq
version=$(apt-cache showsrc libssh2 | awk '/^Version:/ { print $2; exit }')
case "$version" in
  "$UPSTREAM"-*) ;;
  *) echo "build-libssh2: $SUITE offers libssh2 '${version:-none}', want $UPSTREAM-*; refusing" >&2; exit 1 ;;
esac
# apt checks every downloaded file (.dsc and tarballs) against the SHA256 sums of the
# Sources index whose Release file the archive keyring signed; that is the trust
# path, so dpkg-source need not look for the uploader's key (--no-check).
(cd "$work/src" && apt-get source -qq --download-only "libssh2=$version" >/dev/null)
dsc=$(ls "$work"/src/libssh2_*.dsc)
dpkg-source --no-check -x "$dsc" "$work/src/libssh2" >/dev/null

echo "build-libssh2: building libssh2 $version (static) in $root" >&2
rm -rf "$root/build" "$root/install"
cmake -S "$work/src/libssh2" -B "$root/build" -DCMAKE_BUILD_TYPE=Release \
  -DCRYPTO_BACKEND=OpenSSL -DBUILD_SHARED_LIBS=OFF -DBUILD_STATIC_LIBS=ON -DBUILD_EXAMPLES=OFF \
  -DBUILD_TESTING=OFF -DENABLE_ZLIB_COMPRESSION=OFF -DCMAKE_POSITION_INDEPENDENT_CODE=ON \
  -DCMAKE_INSTALL_PREFIX="$root/install" -DCMAKE_INSTALL_LIBDIR=lib >/dev/null
cmake --build "$root/build" -j"$(nproc)" >/dev/null
cmake --install "$root/build" >/dev/null
echo "$version" >"$stamp"
echo "build-libssh2: libssh2 $version installed in $root/install" >&2
