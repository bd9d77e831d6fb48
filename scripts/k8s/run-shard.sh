#!/usr/bin/env bash
# One shard of a site run: what each pod of the Indexed Job (attest-shards.yaml)
# runs, and what tests/integration/shard runs locally, line for line.
#
#   JOB_COMPLETION_INDEX  this pod's index, 0-based (set by Kubernetes)
#   ATTEST_SHARDS         N, the Job's completions
#   ATTEST_REPORTS        where shard-I/ is written (the reports volume)
#   ATTEST_INVENTORY, ATTEST_DB_TAR, ATTEST_DB_PUBKEY   site inputs (ConfigMaps)
#   ATTEST_SECRETS, ATTEST_SIGN_KEY                     Secret volume files
#   ATTEST_PRIVATE_DIR    a directory only this pod can read (memory emptyDir)
#   ATTEST_ENROLLMENTS    TPM enrollment file, optional (used when it exists)
#   ATTEST_OPERATOR, ATTEST_MAX_SESSIONS, ATTEST_HANDSHAKE_RATE, ATTEST  optional
#
# Secret volumes are group-readable under an fsGroup (Kubernetes adds 0440),
# and attest refuses a secret that is not 0600 and owned by its user or root:
# so the secrets are copied, 0600 and owned by this user, into the private dir.
# Exit: 0 when the shard report was written (blocked devices are a verdict in
# it, not a failed pod), 2 bad input (not worth a retry), else attest's code.
set -u
attest=${ATTEST:-attest}
index=${JOB_COMPLETION_INDEX:?set by Kubernetes for an Indexed Job}
shards=${ATTEST_SHARDS:?the number of shards, the Job completions}
reports=${ATTEST_REPORTS:-/reports}
private=${ATTEST_PRIVATE_DIR:-/run/attest}
inputs=${ATTEST_INPUTS:-/etc/attest/inputs}
enrollments=${ATTEST_ENROLLMENTS:-$inputs/enrollments.json}

umask 077
mkdir -p "$private/db" || exit 3
install -m 0600 "${ATTEST_SECRETS:-/etc/attest/secrets/secrets.json}" "$private/secrets.json" || exit 2
install -m 0600 "${ATTEST_SIGN_KEY:-/etc/attest/signing/report.key}" "$private/report.key" || exit 2
# The DB travels as one tar (a ConfigMap holds no directories); its signed
# manifest is checked by attest, which refuses any file it does not list.
tar -xf "${ATTEST_DB_TAR:-$inputs/db.tar}" -C "$private/db" --no-same-owner --no-same-permissions || exit 2

args=(rack --shard "$index/$shards"
      --inventory "${ATTEST_INVENTORY:-$inputs/inventory.json}"
      --db "$private/db" --db-pubkey "${ATTEST_DB_PUBKEY:-$inputs/db.pub.pem}"
      --secrets "$private/secrets.json" --sign-key "$private/report.key"
      --out "$reports/shard-$index" --operator "${ATTEST_OPERATOR:-kubernetes}"
      --max-sessions "${ATTEST_MAX_SESSIONS:-1024}" --handshake-rate "${ATTEST_HANDSHAKE_RATE:-2000}" --quiet)
[ -f "$enrollments" ] && args+=(--enrollments "$enrollments")

# Kubernetes stops a pod with SIGTERM to PID 1: pass it on, so attest writes
# its partial report (exit 143) instead of dying mid-write.
"$attest" "${args[@]}" &
child=$!
trap 'kill -TERM "$child" 2>/dev/null' TERM
trap 'kill -INT "$child" 2>/dev/null' INT
while kill -0 "$child" 2>/dev/null; do wait "$child"; done
wait "$child"; status=$?  # bash keeps the status of a child already waited for
[ "$status" -eq 1 ] && status=0
exit "$status"
