#!/usr/bin/python3
"""Flattens an attest report into lines "DEVICE<TAB>WHAT<TAB>VALUE" for q() in common.sh
(one python start per run instead of one per check). WHAT is:
  verdict | finding:CHECK (status) | detail:CHECK | seconds (evidence finished - started)
  blocking (the check ids of the fail/error findings) | first (the first of them: the one
  the table shows) | attempts (one line per auth attempt: username method outcome detail)
  fact:vendor | fact:model | fact:serial | fact:version (what the profile's parser read)
  forms (the evidence's notes on older command forms that answered, " | "-separated)
The report must be strict UTF-8 JSON: anything else exits 1 and prints nothing.

Usage: report_query.py REPORT
"""
import json
import sys
from datetime import datetime


def when(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def flat(value):
    return " ".join(str(value).split())


def rows(device):
    findings = device["findings"]
    bad = [f["check"] for f in findings if f["status"] in ("fail", "error")]
    ev = device.get("evidence") or {}
    yield "verdict", device["verdict"]
    for f in findings:
        yield "finding:" + f["check"], f["status"]
        yield "detail:" + f["check"], f["detail"]
    yield "blocking", " ".join(bad)
    yield "first", bad[0] if bad else "(none)"
    if ev.get("started") and ev.get("finished"):
        yield "seconds", "%.3f" % (when(ev["finished"]) - when(ev["started"])).total_seconds()
    for k, v in (ev.get("facts") or {}).items():
        yield "fact:" + k, v
    yield "forms", " | ".join(ev.get("facts_forms") or [])
    for a in ev.get("auth_attempts") or []:
        yield "attempts", " ".join(flat(a.get(k, "")) for k in ("username", "method", "outcome", "detail"))


def main():
    with open(sys.argv[1], "rb") as f:
        report = json.loads(f.read().decode("utf-8", errors="strict"))
    out = []
    for device in report["devices"]:
        out += ["%s\t%s\t%s" % (flat(device["name"]), what, flat(value)) for what, value in rows(device)]
    print("\n".join(out))


if __name__ == "__main__":
    main()
