#!/usr/bin/env bash
# `cmake --install` into a temporary prefix and the CPack .deb installed with apt, each
# then used with the source and build trees hidden (an empty tmpfs mounted over them, in
# a private mount and network namespace): `attest demo` must find its golden DB and demo
# rack beside its own binary, the man pages and bash completion must be there.
# Needs root (mount and network namespaces, apt); the package is removed at the end.
# Usage: install.sh BUILD_DIR SOURCE_DIR
set -u
build=$(realpath "$1") src=$(realpath "$2")
tmp=$(mktemp -d /tmp/attest-install.XXXXXX)
installed_deb=
cleanup() {
  [ -n "$installed_deb" ] && apt-get remove -y -qq attest >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT
source "$src/tests/support/checks.sh"

# Runs "$@" with the source and build trees replaced by empty directories, on a
# loopback of its own (the demo's lab binds the same addresses as other tests).
hidden() {
  unshare --mount --net --propagation private bash -c '
    set -e
    ip link set lo up
    for d in "$@"; do [ -d "$d" ] && mount -t tmpfs tmpfs "$d"; done
    exec "${@: -1}"' _ "$build" "$src" "$1"
}

# 1. cmake --install into a prefix.
prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1
rc=$?
check "cmake --install succeeds" "[ $rc -eq 0 ]"
for f in bin/attest bin/attest-lab share/attest/firmware-db/credentials/defaults.json \
         share/attest/inventory/demo/inventory.json share/attest/inventory/example-rack.json \
         share/man/man1/attest.1 share/man/man1/attest-rack.1 share/man/man1/attest-gate.1 \
         share/bash-completion/completions/attest share/doc/attest/README.md; do
  check "installed: $f" "[ -f '$prefix/$f' ] && [ ! -L '$prefix/$f' ]"
done
check "man page attest-rack(1) documents --inventory" "grep -q -- 'inventory' '$prefix/share/man/man1/attest-rack.1'"

# demo_hidden WHAT ATTEST OUT: `ATTEST demo --out OUT` with the trees hidden; its own
# check (exactly the planted devices blocked) must pass.
demo_hidden() {
  local what=$1 attest=$2 out=$3
  cat >"$tmp/demo-$what.sh" <<SH
#!/usr/bin/env bash
cd "$tmp" && exec "$attest" demo --out "$out" --quiet
SH
  chmod +x "$tmp/demo-$what.sh"
  hidden "$tmp/demo-$what.sh" >"$tmp/demo-$what.log" 2>&1
  local code=$?
  check "$what attest demo, trees hidden: exit 0, the demo's own check passed" \
    "[ $code -eq 0 ] && grep -q 'demo: the gate blocked exactly the' '$tmp/demo-$what.log'"
  [ $code -eq 0 ] || tail -20 "$tmp/demo-$what.log"
}
demo_hidden installed "$prefix/bin/attest" "$tmp/demo-prefix"
check "the installed demo wrote a signed report" "[ -f '$tmp/demo-prefix/report.json.sig' ]"

# A data directory that is not there is a clear error, not a crash.
mkdir -p "$tmp/lonely/bin" && cp "$prefix/bin/attest" "$tmp/lonely/bin/"
expect 2 "no demo data .* set ATTEST_DATA_DIR" -- "$tmp/lonely/bin/attest" demo --out "$tmp/lonely/out"

# 2. bash completion, from the installed binary's own --help.
completion() {
  PATH="$prefix/bin:$PATH" bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _attest; echo "${COMPREPLY[*]}"' \
    _ "$prefix/share/bash-completion/completions/attest" "$@"
}
check "completion of a command" "[ \"\$(completion attest ra)\" = rack ]"
check "completion of an option" "completion attest rack --inv | grep -qx -- '--inventory'"

# 3. The .deb: its contents and dependencies, then apt installs it and its demo runs.
(cd "$tmp" && cpack --config "$build/CPackConfig.cmake" -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1)
deb=$(ls "$tmp"/pkg/attest_*.deb 2>/dev/null | head -1)
check "cpack made a .deb" "[ -n '$deb' ]"
if [ -n "$deb" ]; then
  depends=$(dpkg-deb -f "$deb" Depends)
  check "the .deb depends on swtpm and on the shared libraries it links (libssh, OpenSSL): $depends" \
    "grep -q swtpm <<<'$depends' && grep -q 'libssh-4' <<<'$depends' && grep -q 'libssl3' <<<'$depends'"
  dpkg-deb -c "$deb" >"$tmp/contents"
  check "the .deb holds /usr/bin/attest, the DB and the man pages" \
    "grep -q ' ./usr/bin/attest\$' '$tmp/contents' && grep -q './usr/share/attest/firmware-db/' '$tmp/contents' && grep -q './usr/share/man/man1/attest-rack.1' '$tmp/contents'"
  if dpkg-query -W -f='${Status}' attest 2>/dev/null | grep -q 'install ok installed'; then
    check "no attest package installed before the test (it would be replaced)" false
  else
    installed_deb=$deb
    # Its dependencies are what scripts/install-deps.sh installed: nothing is downloaded.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >"$tmp/apt.log" 2>&1
    rc=$?
    check "apt-get installs the .deb" "[ $rc -eq 0 ] && [ -x /usr/bin/attest ]"
    [ $rc -eq 0 ] || tail -5 "$tmp/apt.log"
    demo_hidden packaged /usr/bin/attest "$tmp/demo-deb"
  fi
fi
finish
