# Shared by the shell tests that run attest-lab themselves. Source after setting $lab.
#   start_lab_process READY ARGS...: attest-lab ARGS --ready READY in the background
#     (its pid in $lab_pid); true once READY is written, false after 30 s.
#   stop_lab_process: stops it (if running) and waits for it.
lab_pid=
start_lab_process() {
  local ready=$1 _
  shift
  rm -f "$ready"
  "$lab" "$@" --ready "$ready" &
  lab_pid=$!
  for _ in $(seq 600); do
    [ -s "$ready" ] && return 0
    sleep 0.05
  done
  return 1
}
stop_lab_process() {
  [ -n "$lab_pid" ] || return 0
  kill "$lab_pid" 2>/dev/null
  wait "$lab_pid" 2>/dev/null
  lab_pid=
}
