# For shell tests that start servers: each one's pid goes into `pids`
# (`pids+=($!)`); on exit every one is ended and waited for, and $tmp removed.
# Source it after `set -u`, with $tmp set.
pids=()
end_background() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  [ -n "${KEEP_TMP:-}" ] || rm -rf "$tmp"
}
trap end_background EXIT
