#!/bin/sh
# One device for the OpenSSH baseline (run by `xargs -P 32`): reads the firmware
# version the way a site engineer's loop does. Exec devices get one exec
# request; shell-only devices get the typed lines (paging off, the version
# command, exit) on a forced tty. The password comes from SSHPASS (sshpass -e).
# Usage: ssh_one.sh DIR NAME HOST PORT USER MODE PROFILE
dir=$1 name=$2 host=$3 port=$4 user=$5 mode=$6 profile=$7
set -- -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
  -o PreferredAuthentications=password -o PubkeyAuthentication=no -o NumberOfPasswordPrompts=1 \
  -o ConnectTimeout=60 -p "$port" "$user@$host"
if [ "$mode" = exec ]; then
  read -r command <"$dir/cmd-$profile"
  exec sshpass -e ssh "$@" "$command" >"$dir/out/$name" 2>&1 </dev/null
fi
exec sshpass -e ssh -tt "$@" <"$dir/cmd-$profile" >"$dir/out/$name" 2>&1
