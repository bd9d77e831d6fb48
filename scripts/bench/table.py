"""Prints the site benchmark's figures: one table per size, the floor, and the
issue's targets as PASS/MISS lines (informative: the script never fails on them)."""


def _num(value, fmt):
    return "-" if value is None else format(value, fmt)


def _mib(kib):
    return None if kib is None else kib / 1024


def _row(r, lab_rss_kib=None, conns=None, auths=None):
    n = r["devices"]
    shown_n = r.get("extrapolated_to", n)
    wall = r["wall"] * shown_n / n if n else None
    return [
        r["tool"] + (" *" if "extrapolated_to" in r else ""),
        "{:,}".format(shown_n),
        "-" if r.get("ok") is None else "{:,}/{:,}".format(r["ok"], n),
        _num(wall, ".2f") + ("!" if r.get("timed_out") else ""),
        _num(shown_n / wall if wall else None, ".0f"),
        _num(r.get("p50"), ".2f"), _num(r.get("p99"), ".2f"),
        _num(1000 * r["cpu"] / n if n else None, ".2f"),
        _num(_mib(r.get("rss_kib")), ".0f"), _num(_mib(lab_rss_kib), ".0f"),
        _num(conns, ".2f"), _num(auths, ".2f"),
    ]


HEADER = ["tool", "devices", "ok", "wall s", "dev/s", "p50 s", "p99 s", "CPU ms/dev", "RSS MiB", "lab RSS MiB",
          "conns/dev", "auth/dev"]


def per_device(stats, key, count):
    if not stats or not count:
        return None
    return sum(d.get(key, 0) for d in stats.values()) / count


def _print_rows(rows):
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths))]
        print("  " + "  ".join(cells))


def print_size(res, latency_ms, cores):
    n = res["n"]
    print("\nN = {:,} devices ({} ms per command, {} cores shared by attest and the lab)".format(n, latency_ms, cores))
    if res.get("error"):
        print("  not measured: " + res["error"])
        return
    a = res["attest"]
    rows = [HEADER, _row(a, res["lab_rss_kib"], a.get("conns"), a.get("auths"))]
    for b in res.get("baselines", []):
        rows.append(_row(b, None, b.get("conns"), b.get("auths")))
    _print_rows(rows)
    verdicts = ", ".join("{} {}".format(v, k) for k, v in sorted(a["verdicts"].items()))
    print("  attest verdicts: {}; exit {}; {} attest threads max; lab CPU {:.2f} ms/connection, {} threads".format(
        verdicts, a["rc"], _num(a.get("threads"), "d"), res["lab_cpu_ms_per_conn"] or 0, _num(res["lab_threads"], "d")))
    for b in res.get("baselines", []):
        if "extrapolated_to" in b:
            print("  * {}: the first {:,} devices (ok, p50/p99, CPU and RSS are the sample's), wall extrapolated "
                  "linearly to N".format(b["tool"], b["devices"]))
    floor = res.get("floor")
    if floor:
        print("  floor: {:,} connections x {:.2f} ms handshake CPU / {} cores = {:.2f} s; longest latency chain "
              "{:.2f} s ({}) -> {:.2f} s".format(floor["connections"], floor["handshake_ms"], cores, floor["cpu_s"],
                                                 floor["chain_s"], floor["chain_what"], max(floor["cpu_s"],
                                                                                            floor["chain_s"])))


TARGETS = [
    # (size, label, attest field or comparison, limit)
    (1000, "wall <= 3 s", lambda a, b: a["wall"], lambda v: v <= 3.0, "{:.2f} s"),
    (1000, ">= 5x faster than the ssh loop", lambda a, b: b.get("ssh") and b["ssh"] / a["wall"],
     lambda v: v >= 5.0, "{:.1f}x"),
    (1000, ">= 2x faster than asyncssh", lambda a, b: b.get("asyncssh") and b["asyncssh"] / a["wall"],
     lambda v: v >= 2.0, "{:.1f}x"),
    (1000, "peak RSS <= 128 MiB", lambda a, b: a["rss_kib"] / 1024, lambda v: v <= 128, "{:.0f} MiB"),
    (10000, "wall <= 30 s", lambda a, b: a["wall"], lambda v: v <= 30.0, "{:.2f} s"),
    (10000, "peak RSS <= 768 MiB", lambda a, b: a["rss_kib"] / 1024, lambda v: v <= 768, "{:.0f} MiB"),
]


def _baseline_walls(res):
    walls = {}
    for b in res.get("baselines", []):
        key = b["tool"].split()[0]
        walls[key] = b["wall"] * b.get("extrapolated_to", b["devices"]) / b["devices"]
    return walls


def print_targets(results):
    print("\nTargets (issue 9; informative):")
    for res in results:
        a = res.get("attest")
        if not a:
            print("  MISS  {:,} devices: not measured ({})".format(res["n"], res.get("error", "")))
            continue
        clean = a["verdicts"].get("pass", 0) == res["n"]
        print("  {}  {:,} devices: every clean device passed the full checks ({:,}/{:,})".format(
            "PASS" if clean else "MISS", res["n"], a["verdicts"].get("pass", 0), res["n"]))
        cpu = 1000 * a["cpu"] / res["n"]
        print("  {}  {:,} devices: attest CPU <= 2 ms/device ({:.2f} ms)".format(
            "PASS" if cpu <= 2.0 else "MISS", res["n"], cpu))
        walls = _baseline_walls(res)
        for size, label, value, ok, fmt in TARGETS:
            if size != res["n"]:
                continue
            v = value(a, walls)
            if v is None or v is False:
                print("  ----  {:,} devices: {} (baseline not run)".format(size, label))
            else:
                print("  {}  {:,} devices: {} ({})".format("PASS" if ok(v) else "MISS", size, label, fmt.format(v)))
