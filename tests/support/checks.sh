# Shared by the shell test scripts: counted checks and the closing line
# "N passed, M failed". Source it after `set -u`.
failures=0 checks=0

# expect CODE PATTERN -- command...: the command exits CODE and prints PATTERN (ERE).
expect() {
  local want=$1 pattern=$2; shift 3
  checks=$((checks + 1))
  local out code
  out=$("$@" 2>&1); code=$?
  if [ "$code" -ne "$want" ] || ! grep -qE -- "$pattern" <<<"$out"; then
    echo "FAIL: $* -> exit $code (want $want), output: $out"
    failures=$((failures + 1))
  else
    echo "ok: exit $code: $(head -1 <<<"$out")"
  fi
}

# check DESCRIPTION CONDITION: CONDITION (a shell expression) holds.
check() {
  checks=$((checks + 1))
  if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; failures=$((failures + 1)); fi
}

# Prints the closing line and exits non-zero on any failure.
finish() {
  echo "$((checks - failures)) passed, $failures failed"
  [ "$failures" -eq 0 ]
}
