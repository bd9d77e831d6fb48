"""scripts/bench.sh site: attest against N emulated devices, beside the tools a
site engineer would otherwise use, on the same cores. Prints figures; never
fails on a target (exit 0 unless the benchmark itself could not run)."""
import argparse
import datetime
import json
import os
import resource
import shutil
import subprocess
import sys

import baselines
import labgen
import measure
import table

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def parse_args():
    p = argparse.ArgumentParser(prog="scripts/bench.sh site", description=__doc__)
    p.add_argument("--sizes", default="100,1000,10000", help="device counts, comma-separated (default %(default)s)")
    p.add_argument("--latency-ms", type=int, default=200, help="lab delay before each answer (default %(default)s)")
    p.add_argument("--skip-baselines", action="store_true", help="attest only")
    p.add_argument("--cores", type=int, default=2, help="CPUs every process is pinned to (default %(default)s)")
    p.add_argument("--jobs", help="passed to attest rack --jobs (default: attest's)")
    p.add_argument("--max-sessions", help="passed to attest rack when it has the option (default: attest's)")
    p.add_argument("--handshake-rate", help="passed to attest rack when it has the option (default: attest's)")
    p.add_argument("--ssh-parallel", type=int, default=32, help="xargs -P for the ssh loop (default %(default)s)")
    p.add_argument("--netmiko-threads", type=int, default=32)
    p.add_argument("--netmiko-sample", type=int, default=100,
                   help="Netmiko reads at most this many devices; its wall is extrapolated (default %(default)s)")
    p.add_argument("--prefix", type=int, default=90, help="devices listen on 127.PREFIX.x.y (default %(default)s)")
    p.add_argument("--bin", required=True, help="directory with attest and attest-lab")
    p.add_argument("--work", required=True, help="scratch directory (keys are kept there between runs)")
    args = p.parse_args()
    try:
        args.sizes = [int(s) for s in args.sizes.split(",") if s]
    except ValueError:
        p.error("--sizes takes numbers, e.g. 100,1000")
    if not args.sizes or min(args.sizes) < 1 or max(args.sizes) > 64000:
        p.error("--sizes: each size must be 1..64000")
    if not 1 <= args.prefix <= 253:
        p.error("--prefix must be 1..253 (127.PREFIX.x.y and 127.PREFIX+1.x.y for the handshake lab)")
    return args


def pin_cores(count):
    available = sorted(os.sched_getaffinity(0))
    chosen = set(available[:count])
    os.sched_setaffinity(0, chosen)  # inherited by attest, the lab and the baselines
    return len(chosen)


def raise_nofile(sizes):
    """Every device is a listening socket in the lab, and an all-in-flight client
    adds a descriptor per device on both sides: raise the hard limit too when
    allowed (root), up to the kernel's fs.nr_open."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    with open("/proc/sys/fs/nr_open") as f:
        wanted = min(int(f.read()), max(hard, 3 * max(sizes) + 4096))
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, wanted))
        return wanted
    except (ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        return hard


def rack_help(attest):
    return subprocess.run([attest, "rack", "--help"], capture_output=True, text=True).stdout


def attest_options(args, attest):
    """The optional rack flags to pass: given on our command line and known to this attest."""
    help_text = rack_help(attest)
    extra = []
    for flag, value in (("--jobs", args.jobs), ("--max-sessions", args.max_sessions),
                        ("--handshake-rate", args.handshake_rate)):
        if value is None:
            continue
        if flag not in help_text:
            print("note: this attest has no {}; not passed".format(flag), file=sys.stderr)
            continue
        extra += [flag, value]
    return extra


def signed_db(work, attest):
    """A copy of firmware-db/ signed with a throwaway key, as a site runs the gate."""
    db, key = os.path.join(work, "firmware-db"), os.path.join(work, "db-signing.key")
    shutil.rmtree(db, ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, "firmware-db"), db)
    for path in (key, os.path.join(work, "db-signing.pub.pem")):
        if os.path.exists(path):
            os.unlink(path)
    quiet = {"stdout": subprocess.DEVNULL, "check": True}
    subprocess.run([attest, "keygen", "--out", key], **quiet)
    subprocess.run([attest, "db", "sign", "--key", key, db], **quiet)
    report_key = os.path.join(work, "report-signing.key")
    if not os.path.exists(report_key):
        subprocess.run([attest, "keygen", "--out", report_key], **quiet)
    return db, os.path.join(work, "db-signing.pub.pem"), report_key


def start_lab(args, devs, workdir, latency_ms):
    os.makedirs(workdir, exist_ok=True)
    spec = os.path.join(workdir, "lab.json")
    labgen.write_json(spec, labgen.lab_spec(devs, os.path.join(args.work, "keys"), latency_ms), 0o600)
    return measure.Lab(os.path.join(args.bin, "attest-lab"), spec, workdir, ready_timeout=60 + 0.05 * len(devs))


def pin_run(attest, workdir, devs, tag):
    inv = os.path.join(workdir, "unpinned-{}.json".format(tag))
    labgen.write_json(inv, labgen.inventory(devs, {}))
    m = measure.run_measured([attest, "pin", "--inventory", inv, "--out", os.path.join(workdir, "pinned.json")],
                             300, subprocess.DEVNULL, subprocess.DEVNULL)
    if m.rc != 0:
        raise measure.LabError("attest pin exited {} against the handshake lab".format(m.rc))
    return m


def measure_handshake(args, attest):
    """CPU (client + lab) and wall of one connection up to the host key: `attest pin`,
    one device after another, against 100 lab devices that answer at once; a run
    against one device is subtracted so attest's start-up is not counted."""
    count = 100
    devs = labgen.devices(count, args.prefix + 1, profiles=["generic-linux"])
    workdir = os.path.join(args.work, "handshake")
    lab = start_lab(args, devs, workdir, 0)
    try:
        one = pin_run(attest, workdir, devs[:1], "1")
        lab_cpu = lab.cpu_seconds()
        many = pin_run(attest, workdir, devs, str(count))
        lab_cpu = lab.cpu_seconds() - lab_cpu
    finally:
        lab.stop()
    client = max(0.0, many.cpu - one.cpu) / (count - 1)
    return {"cpu_ms": 1000 * (client + lab_cpu / count), "client_ms": 1000 * client,
            "lab_ms": 1000 * lab_cpu / count, "wall_ms": 1000 * max(0.0, many.wall - one.wall) / (count - 1)}


def parse_time(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")


def read_report(path):
    with open(path) as f:
        report = json.load(f)
    verdicts, seconds, connections, commands = {}, [], {}, {}
    for d in report["devices"]:
        verdicts[d["verdict"]] = verdicts.get(d["verdict"], 0) + 1
        ev = d.get("evidence") or {}
        if ev.get("started") and ev.get("finished"):
            seconds.append((parse_time(ev["finished"]) - parse_time(ev["started"])).total_seconds())
        connections[d["name"]] = ev.get("connections", 0)
        commands[d["name"]] = len(ev.get("commands") or [])
    return verdicts, seconds, connections, commands


def run_attest(args, attest, db, report_key, workdir, extra):
    inv, secrets, out = (os.path.join(workdir, n) for n in ("inventory.json", "secrets.json", "out"))
    argv = [attest, "rack", "--inventory", inv, "--db", db[0], "--db-pubkey", db[1], "--secrets", secrets,
            "--out", out, "--sign-key", report_key, "--quiet", *extra]
    with open(os.path.join(workdir, "attest.stdout"), "w") as so, open(os.path.join(workdir, "attest.stderr"), "w") as se:
        m = measure.run_measured(argv, 3600, so, se)
    return m, os.path.join(out, "report.json")


def floor(handshake, connections, commands, stats, latency_ms, cores):
    """The least wall any collector needs: handshake CPU spread over the cores, or
    the longest device's chain of command latencies and handshakes."""
    if stats:
        connections = {n: d.get("connections", 0) for n, d in stats.items()}
        commands = {n: d.get("commands", 0) for n, d in stats.items()}
    total = sum(connections.values())
    chain = {n: commands.get(n, 0) * latency_ms / 1000 + connections[n] * handshake["wall_ms"] / 1000
             for n in connections}
    worst = max(chain, key=chain.get)
    return {"connections": total, "handshake_ms": handshake["cpu_ms"], "cpu_s": total * handshake["cpu_ms"] / 1000 / cores,
            "chain_s": chain[worst], "chain_what": "{} commands, {} connections".format(
                commands.get(worst, 0), connections[worst])}


def measure_attest(args, attest, db, lab, workdir, extra, handshake):
    lab_cpu0 = lab.cpu_seconds()
    lab_threads = measure.ThreadPeak(lab.proc.pid)
    m, report_path = run_attest(args, attest, db[:2], db[2], workdir, extra)
    res = {"lab_threads": lab_threads.stop(), "lab_rss_kib": lab.peak_rss_kib()}
    if not lab.alive():
        raise measure.LabError("attest-lab died during the attest run ({:.0f} s in; attest exit {}): {}".format(
            m.wall, m.rc, lab.log_tail()))
    lab_cpu = lab.cpu_seconds() - lab_cpu0
    if not os.path.exists(report_path):
        raise measure.LabError("attest rack exited {} without a report: see {}".format(m.rc, workdir))
    verdicts, seconds, connections, commands = read_report(report_path)
    a = baselines._result("attest rack (full checks)", len(connections), m, seconds)
    a.update(verdicts=verdicts, threads=m.max_threads, ok=verdicts.get("pass", 0))
    stats = lab.stats_now()
    res["stats_after_attest"] = stats
    a["conns"] = table.per_device(stats, "connections", a["devices"])
    a["auths"] = table.per_device(stats, "auth_attempts", a["devices"])
    conns_total = sum(d.get("connections", 0) for d in stats.values()) if stats else sum(connections.values())
    res["lab_cpu_ms_per_conn"] = 1000 * lab_cpu / conns_total if conns_total else None
    res["floor"] = floor(handshake, connections, commands, stats, args.latency_ms, args.cores_used) if handshake else None
    res["attest"] = a
    return res


def run_baselines(args, lab, targets, workdir, stats_before):
    password = labgen.PASSWORD
    n = len(targets)
    runs = [lambda: baselines.run_ssh(workdir, targets, password, args.ssh_parallel, 1800),
            lambda: baselines.run_asyncssh(workdir, targets, password, 1800),
            lambda: baselines.run_netmiko(workdir, targets, password, args.netmiko_threads,
                                          min(n, args.netmiko_sample), n, 1800)]
    results = []
    for run in runs:
        r = run()
        after = lab.stats_now() if stats_before else None
        if after and stats_before:
            delta = {k: {f: v.get(f, 0) - stats_before.get(k, {}).get(f, 0) for f in v} for k, v in after.items()}
            r["conns"] = table.per_device(delta, "connections", r["devices"])
            r["auths"] = table.per_device(delta, "auth_attempts", r["devices"])
        stats_before = after
        results.append(r)
    return results


def run_size(args, attest, db, extra, handshake, n):
    workdir = os.path.join(args.work, "n{}".format(n))
    devs = labgen.devices(n, args.prefix)
    try:
        lab = start_lab(args, devs, workdir, args.latency_ms)
    except measure.LabError as e:
        return {"n": n, "error": "the lab did not start for {:,} devices: {}".format(n, e)}
    try:
        fps = {name: d["host_key_fingerprint"] for name, d in lab.ready.items()}
        labgen.write_json(os.path.join(workdir, "inventory.json"), labgen.inventory(devs, fps))
        labgen.write_json(os.path.join(workdir, "secrets.json"), labgen.secrets(), 0o600)
        res = measure_attest(args, attest, db, lab, workdir, extra, handshake)
        stats = res.pop("stats_after_attest")
        if stats is None:  # a lab that writes its counters only at exit
            at_exit = lab.stop()
            res["attest"]["conns"] = table.per_device(at_exit, "connections", n)
            res["attest"]["auths"] = table.per_device(at_exit, "auth_attempts", n)
            if not args.skip_baselines:
                lab = start_lab(args, devs, workdir, args.latency_ms)
        if not args.skip_baselines:
            res["baselines"] = run_baselines(args, lab, labgen.targets(devs), workdir, stats)
    except measure.LabError as e:
        return {"n": n, "error": str(e)}
    finally:
        lab.stop()
    res["n"] = n
    return res


def main():
    args = parse_args()
    args.work = os.path.abspath(args.work)
    os.makedirs(args.work, exist_ok=True)
    attest = os.path.join(args.bin, "attest")
    cores = args.cores_used = pin_cores(args.cores)
    nofile = raise_nofile(args.sizes)
    if not args.skip_baselines and baselines.missing_tools():
        sys.exit("baselines need: {} (scripts/install-deps.sh --bench); or pass --skip-baselines".format(
            " ".join(baselines.missing_tools())))
    extra = attest_options(args, attest)
    db = signed_db(args.work, attest)
    print("attest site benchmark: {} cores ({}), RLIMIT_NOFILE {}, lab latency {} ms per command".format(
        cores, open("/proc/cpuinfo").read().split("model name")[1].split(":")[1].split("\n")[0].strip(), nofile,
        args.latency_ms))
    print("attest rack --inventory I --db DB --db-pubkey PUB --secrets S --out O --sign-key K --quiet " + " ".join(extra))
    try:
        handshake = measure_handshake(args, attest)
        print("one connection to its host key (attest pin, 100 devices): {:.2f} ms CPU ({:.2f} client + {:.2f} lab), "
              "{:.2f} ms wall".format(handshake["cpu_ms"], handshake["client_ms"], handshake["lab_ms"],
                                      handshake["wall_ms"]))
    except measure.LabError as e:
        print("handshake not measured (no floor): {}".format(e))
        handshake = None
    results = []
    for n in args.sizes:
        res = run_size(args, attest, db, extra, handshake, n)
        table.print_size(res, args.latency_ms, cores)
        sys.stdout.flush()
        results.append(res)
    table.print_targets(results)


if __name__ == "__main__":
    main()
