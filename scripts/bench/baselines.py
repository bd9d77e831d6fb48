"""The tools a site engineer would otherwise use, each reading the firmware
version only, run against the same lab devices as attest."""
import json
import os
import statistics
import subprocess
import sys

import measure

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON = "/usr/bin/python3"  # Debian's, where python3-asyncssh and python3-netmiko live


def missing_tools():
    """Names of the Debian packages a baseline needs and this machine lacks."""
    missing = []
    if subprocess.run(["sh", "-c", "command -v sshpass"], stdout=subprocess.DEVNULL).returncode != 0:
        missing.append("sshpass")
    for module, package in (("asyncssh", "python3-asyncssh"), ("netmiko", "python3-netmiko")):
        probe = subprocess.run([PYTHON, "-W", "ignore", "-c", "import " + module],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if probe.returncode != 0:
            missing.append(package)
    return missing


def _result(name, count, m, per_device=None, ok=None):
    r = {"tool": name, "devices": count, "ok": ok, "wall": m.wall, "cpu": m.cpu, "rss_kib": m.maxrss_kib,
         "timed_out": m.timed_out, "rc": m.rc}
    if per_device:
        secs = sorted(per_device)
        r["p50"] = statistics.median(secs)
        r["p99"] = secs[min(len(secs) - 1, int(round(0.99 * (len(secs) - 1))))]
    return r


def _lines_results(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def run_ssh(workdir, targets, password, parallel, timeout):
    d = os.path.join(workdir, "ssh")
    os.makedirs(os.path.join(d, "out"), exist_ok=True)
    for t in targets:  # one command file per profile: the exec command, or the typed lines + exit
        lines = t["lines"] if t["mode"] == "exec" else t["lines"] + ["exit"]
        with open(os.path.join(d, "cmd-" + t["profile"]), "w") as f:
            f.write("".join(line + "\n" for line in lines))
    listing = os.path.join(d, "targets.txt")
    with open(listing, "w") as f:
        for t in targets:
            f.write("{} {} {} {} {} {}\n".format(t["name"], t["host"], t["port"], t["username"], t["mode"],
                                                 t["profile"]))
    env = dict(os.environ, SSHPASS=password)
    argv = ["xargs", "-P", str(parallel), "-L", "1", "-a", listing, "sh", os.path.join(HERE, "ssh_one.sh"), d]
    with open(os.path.join(d, "stderr.txt"), "w") as err:
        m = measure.run_measured(argv, timeout, subprocess.DEVNULL, err, env=env)
    ok = 0
    for t in targets:
        path = os.path.join(d, "out", t["name"])
        if os.path.exists(path):
            with open(path, errors="replace") as f:
                ok += t["version"] in f.read()
    # ru_maxrss is one process's peak (an ssh), not the loop's sum: not comparable, left out.
    r = _result("ssh loop (xargs -P {})".format(parallel), len(targets), m, ok=ok)
    r["rss_kib"] = None
    return r


def _run_python(name, script, workdir, targets, password, timeout, extra=()):
    d = os.path.join(workdir, name)
    os.makedirs(d, exist_ok=True)
    tpath, out = os.path.join(d, "targets.json"), os.path.join(d, "results.jsonl")
    with open(tpath, "w") as f:
        json.dump(targets, f)
    env = dict(os.environ, ATTEST_BENCH_PASSWORD=password)
    with open(os.path.join(d, "stderr.txt"), "w") as err:
        m = measure.run_measured([PYTHON, "-W", "ignore", os.path.join(HERE, script), tpath, out, *extra],
                                 timeout, subprocess.DEVNULL, err, env=env)
    results = _lines_results(out)
    errors = sorted({r["error"] for r in results if not r["ok"] and r["error"]})
    if errors:
        print("  {}: {} device(s) failed, e.g. {}".format(name, sum(not r["ok"] for r in results), errors[0]),
              file=sys.stderr)
    return m, results


def run_asyncssh(workdir, targets, password, timeout):
    m, results = _run_python("asyncssh", "baseline_asyncssh.py", workdir, targets, password, timeout)
    return _result("asyncssh (all in flight)", len(targets), m, [r["seconds"] for r in results],
                   ok=sum(r["ok"] for r in results))


def run_netmiko(workdir, targets, password, threads, sample, total, timeout):
    chosen = targets[:sample]
    m, results = _run_python("netmiko", "baseline_netmiko.py", workdir, chosen, password, timeout, [str(threads)])
    r = _result("netmiko ({} threads)".format(threads), len(chosen), m, [x["seconds"] for x in results],
                ok=sum(x["ok"] for x in results))
    if len(chosen) < total:
        r["extrapolated_to"] = total
    return r
