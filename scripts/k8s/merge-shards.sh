#!/usr/bin/env bash
# The site report from the shard reports: what the merge Job
# (attest-merge.yaml) runs once every shard pod has finished, and what
# tests/integration/shard runs locally.
#
#   ATTEST_SHARDS        N, as in the shard Job
#   ATTEST_REPORTS       the reports volume: shard-0/ .. shard-(N-1)/ in, site/ out
#   ATTEST_REPORT_PUBKEY the shards' signing public key (ConfigMap)
#   ATTEST_SIGN_KEY      the key signing the site report (Secret volume file)
#   ATTEST_PRIVATE_DIR   a directory only this pod can read (memory emptyDir)
#   ATTEST_OPERATOR, ATTEST                             optional
#
# A shard whose report is absent is left out, so that `attest report merge`
# refuses with the racks it is missing rather than "cannot open".
# Exit: 0 when the site report was written (blocked devices are verdicts in
# it), 2 when a shard is refused (missing, overlapping, unsigned, mixed).
set -u
attest=${ATTEST:-attest}
shards=${ATTEST_SHARDS:?the number of shards, the shard Job completions}
reports=${ATTEST_REPORTS:-/reports}
private=${ATTEST_PRIVATE_DIR:-/run/attest}
inputs=${ATTEST_INPUTS:-/etc/attest/inputs}

umask 077
mkdir -p "$private" || exit 3
install -m 0600 "${ATTEST_SIGN_KEY:-/etc/attest/signing/report.key}" "$private/report.key" || exit 2

found=()
for ((i = 0; i < shards; i++)); do
  report=$reports/shard-$i/report.json
  if [ -f "$report" ]; then found+=("$report"); else echo "merge-shards: no $report" >&2; fi
done
[ ${#found[@]} -gt 0 ] || { echo "merge-shards: no shard report under $reports" >&2; exit 2; }

"$attest" report merge "${found[@]}" --pubkey "${ATTEST_REPORT_PUBKEY:-$inputs/report.pub.pem}" \
  --out "$reports/site" --sign-key "$private/report.key" --operator "${ATTEST_OPERATOR:-kubernetes}"
status=$?
[ "$status" -eq 1 ] && status=0
exit "$status"
