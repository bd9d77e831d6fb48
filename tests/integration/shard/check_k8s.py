#!/usr/bin/python3
"""The Kubernetes files of scripts/k8s/, checked without a cluster: every
manifest parses as YAML and uses only field names of the batch/v1 Job and
core/v1 APIs it relies on (a typo such as "completionsMode" would be
silently ignored by an old API server), the shard Job is an Indexed Job
whose completions equal ATTEST_SHARDS, both Jobs agree on N, the run and
the reports volume, every environment variable they set is read by the
entry point they run, every path they hand it lies on a volume of the right
kind (secrets on 0400 Secret volumes, the private copy in memory), and the
Containerfile is Debian 12 with apt-get only, copies files that exist, and
installs the entry points where the manifests run them as the uid they run.
Prints one line per check; exit 1 on any failure.
Usage: check_k8s.py SOURCE_DIR
"""
import os
import re
import sys

import yaml

k8s = os.path.join(sys.argv[1], "scripts", "k8s")
failures = 0


def check(what, ok):
    global failures
    print(("ok: " if ok else "FAIL: ") + what)
    failures += 0 if ok else 1
    return ok


# Field names of the API objects the manifests use (Kubernetes 1.29+ API reference).
FIELDS = {
    "Job": {"apiVersion", "kind", "metadata", "spec"},
    "JobSpec": {"completionMode", "completions", "parallelism", "backoffLimit", "backoffLimitPerIndex",
                "maxFailedIndexes", "podFailurePolicy", "template", "activeDeadlineSeconds",
                "ttlSecondsAfterFinished"},
    "PodSpec": {"restartPolicy", "securityContext", "containers", "volumes", "serviceAccountName", "nodeSelector"},
    "PodSecurityContext": {"runAsNonRoot", "runAsUser", "runAsGroup", "fsGroup", "seccompProfile"},
    "Container": {"name", "image", "command", "args", "env", "securityContext", "resources", "volumeMounts"},
    "SecurityContext": {"allowPrivilegeEscalation", "readOnlyRootFilesystem", "capabilities", "runAsNonRoot"},
    "VolumeMount": {"name", "mountPath", "readOnly", "subPath"},
    "Volume": {"name", "configMap", "secret", "emptyDir", "persistentVolumeClaim"},
    "PodFailurePolicyRule": {"action", "onExitCodes", "onPodConditions"},
    "PersistentVolumeClaim": {"apiVersion", "kind", "metadata", "spec"},
    "PersistentVolumeClaimSpec": {"accessModes", "resources", "storageClassName"},
}


def known_fields(kind, obj, where):
    unknown = sorted(set(obj) - FIELDS[kind])
    return check(f"{where}: only {kind} fields" + (f" (unknown: {', '.join(unknown)})" if unknown else ""),
                 not unknown)


def load(name):
    with open(os.path.join(k8s, name)) as f:
        docs = [d for d in yaml.safe_load_all(f) if d is not None]
    check(f"{name} parses as YAML ({len(docs)} document)", len(docs) == 1)
    return docs[0]


def check_job(name, job):
    known_fields("Job", job, name)
    check(f"{name}: apiVersion batch/v1, kind Job", job.get("apiVersion") == "batch/v1" and job.get("kind") == "Job")
    spec = job["spec"]
    known_fields("JobSpec", spec, name)
    pod = spec["template"]["spec"]
    known_fields("PodSpec", pod, name)
    known_fields("PodSecurityContext", pod["securityContext"], name)
    check(f"{name}: restartPolicy Never", pod["restartPolicy"] == "Never")
    check(f"{name}: runs as non-root uid 10001", pod["securityContext"].get("runAsNonRoot") is True
          and pod["securityContext"].get("runAsUser") == 10001)
    for rule in spec.get("podFailurePolicy", {}).get("rules", []):
        known_fields("PodFailurePolicyRule", rule, name)
    (container,) = pod["containers"]
    known_fields("Container", container, name)
    known_fields("SecurityContext", container["securityContext"], name)
    for m in container["volumeMounts"]:
        known_fields("VolumeMount", m, name)
    for v in pod["volumes"]:
        known_fields("Volume", v, name)
    return spec, pod, container


def env_of(container):
    return {e["name"]: str(e["value"]) for e in container["env"]}


def expanded(env, key):
    return re.sub(r"\$\((\w+)\)", lambda m: env[m.group(1)], env[key])


def volume_at(pod, container, path):
    """The volume whose mount holds `path`, and the mount."""
    best = None
    for m in container["volumeMounts"]:
        if path == m["mountPath"] or path.startswith(m["mountPath"].rstrip("/") + "/"):
            if best is None or len(m["mountPath"]) > len(best["mountPath"]):
                best = m
    if best is None:
        return None, None
    return next(v for v in pod["volumes"] if v["name"] == best["name"]), best


def check_paths(name, pod, container, kinds):
    env = env_of(container)
    for key, kind in kinds.items():
        volume, mount = volume_at(pod, container, expanded(env, key))
        ok = volume is not None and kind in volume
        if ok and kind == "secret":
            ok = volume["secret"].get("defaultMode") == 0o400 and mount.get("readOnly") is True
        if ok and kind == "emptyDir":
            ok = volume["emptyDir"].get("medium") == "Memory"
        check(f"{name}: {key}={expanded(env, key)} is on a {kind} volume"
              + (" (0400, read-only)" if kind == "secret" else " (in memory)" if kind == "emptyDir" else ""), ok)


def check_env_read(name, container, script):
    text = open(os.path.join(k8s, script)).read()
    env = env_of(container)
    used_in_values = {m for v in env.values() for m in re.findall(r"\$\((\w+)\)", v)}
    for key in env:
        read = re.search(r"\$\{?" + key + r"\b", text) is not None
        check(f"{name}: {key} is read by {script}" + (" (or expanded in another value)" if not read else ""),
              read or key in used_in_values)


shards_spec, shards_pod, shards_c = check_job("attest-shards.yaml", load("attest-shards.yaml"))
merge_spec, merge_pod, merge_c = check_job("attest-merge.yaml", load("attest-merge.yaml"))
pvc = load("attest-reports-pvc.yaml")
known_fields("PersistentVolumeClaim", pvc, "attest-reports-pvc.yaml")
known_fields("PersistentVolumeClaimSpec", pvc["spec"], "attest-reports-pvc.yaml")
check("the reports volume is ReadWriteMany (shard pods on many nodes)", pvc["spec"]["accessModes"] == ["ReadWriteMany"])

senv, menv = env_of(shards_c), env_of(merge_c)
n = int(senv["ATTEST_SHARDS"])
check("the shard Job is Indexed", shards_spec.get("completionMode") == "Indexed")
check(f"completions = ATTEST_SHARDS = {n}", shards_spec["completions"] == n)
check("parallelism is 1..completions", 1 <= shards_spec["parallelism"] <= n)
check("exit 2 (bad input) fails the Job instead of retrying",
      any(r["action"] == "FailJob" and 2 in r["onExitCodes"]["values"]
          for r in shards_spec["podFailurePolicy"]["rules"] if "onExitCodes" in r))
check("the merge Job uses the same N, run and reports directory",
      all(senv[k] == menv[k] for k in ("ATTEST_SHARDS", "ATTEST_RUN", "ATTEST_REPORTS")))
claims = {v["persistentVolumeClaim"]["claimName"] for p in (shards_pod, merge_pod)
          for v in p["volumes"] if "persistentVolumeClaim" in v}
check("both Jobs mount the reports claim the PVC file defines", claims == {pvc["metadata"]["name"]})
check("the merge Job is one pod that is not retried", merge_spec["completions"] == 1 and merge_spec["backoffLimit"] == 0)
check("the shard pod runs run-shard.sh", shards_c["command"] == ["/usr/local/bin/run-shard.sh"])
check("the merge pod runs merge-shards.sh", merge_c["command"] == ["/usr/local/bin/merge-shards.sh"])
check("both run the same image", shards_c["image"] == merge_c["image"])
check_env_read("attest-shards.yaml", shards_c, "run-shard.sh")
check_env_read("attest-merge.yaml", merge_c, "merge-shards.sh")
check_paths("attest-shards.yaml", shards_pod, shards_c,
            {"ATTEST_INPUTS": "configMap", "ATTEST_SECRETS": "secret", "ATTEST_SIGN_KEY": "secret",
             "ATTEST_PRIVATE_DIR": "emptyDir", "ATTEST_REPORTS": "persistentVolumeClaim"})
check_paths("attest-merge.yaml", merge_pod, merge_c,
            {"ATTEST_INPUTS": "configMap", "ATTEST_SIGN_KEY": "secret", "ATTEST_PRIVATE_DIR": "emptyDir",
             "ATTEST_REPORTS": "persistentVolumeClaim"})

containerfile = open(os.path.join(k8s, "Containerfile")).read()
instructions = [line for line in containerfile.splitlines() if line and not line.startswith("#")]
check("every stage is Debian 12", all(re.match(r"FROM debian:12(-slim)?\b", l) for l in instructions if l.startswith("FROM")))
check("packages come from apt-get only (no curl, wget, ADD of a URL, pip)",
      not re.search(r"\b(curl|wget|pip3?)\b|^ADD\s+https?:", containerfile, re.M))
for line in instructions:
    if line.startswith("COPY ") and "--from=" not in line:
        sources = line.split()[1:-1]
        check(f"COPY sources exist: {' '.join(sources)}",
              all(os.path.exists(os.path.join(sys.argv[1], s)) for s in sources))
check("the entry points are installed where the Jobs run them",
      re.search(r"^COPY scripts/k8s/run-shard\.sh scripts/k8s/merge-shards\.sh /usr/local/bin/$", containerfile, re.M)
      is not None)
check("the image runs as the uid the Jobs run", re.search(r"^USER 10001:10001$", containerfile, re.M) is not None)
print(f"{failures} failures")
sys.exit(1 if failures else 0)
