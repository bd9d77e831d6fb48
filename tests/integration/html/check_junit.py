#!/usr/bin/env python3
"""Parses junit.xml with a real XML parser (well-formed or it raises) and
checks it against the report it came from: one testcase per device and check
(classname "attest.<rack, dots as _>", name "<device>: <check>", the exact names
as properties), <failure>/<error>/<skipped> by finding status, every count
attribute equal to what the testcases say, and `time` in seconds: a device's
evidence time on its first testcase, a suite's the sum of its testcases. Prints each problem; exit 1 if any.
Usage: check_junit.py REPORT.json JUNIT.xml"""
import json
import sys
import xml.etree.ElementTree as ET

OUTCOME = {"pass": None, "fail": "failure", "error": "error", "skip": "skipped"}


def dropped(ch):
    """What junit.xml leaves out: characters XML 1.0 forbids or discourages
    (controls, noncharacters) and bidi overrides that can disguise text."""
    c = ord(ch)
    if ch in "\t\n\r":
        return False
    return (c < 0x20 or 0x7F <= c <= 0x9F or 0x202A <= c <= 0x202E or 0x2066 <= c <= 0x2069
            or 0xFDD0 <= c <= 0xFDEF or (c & 0xFFFE) == 0xFFFE)


def clean(text):
    return "".join(ch for ch in text if not dropped(ch))


def outcome(case):
    kinds = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
    return kinds[0] if len(kinds) == 1 else (None if not kinds else "several")


def count_problems(node, cases, where):
    want = {"tests": len(cases), "failures": 0, "errors": 0, "skipped": 0}
    for c in cases:
        kind = outcome(c)
        if kind == "failure":
            want["failures"] += 1
        elif kind == "error":
            want["errors"] += 1
        elif kind == "skipped":
            want["skipped"] += 1
    return [f"{where}: {k}={node.get(k)!r}, testcases say {v}" for k, v in want.items() if node.get(k) != str(v)]


def seconds(text):
    return round(float(text) * 1000)


def stamp(text):
    from datetime import datetime
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").timestamp() * 1000


def time_problems(report, root):
    problems = []
    for suite in root.iter("testsuite"):
        total = sum(seconds(c.get("time")) for c in suite.findall("testcase"))
        if seconds(suite.get("time")) != total:
            problems.append(f"testsuite {suite.get('name')!r}: time={suite.get('time')} but its testcases add up to {total} ms")
    for d in report["devices"]:
        cases = [c for c in root.iter("testcase") if props(c).get("device") == d["name"]]
        want = round(stamp(d["evidence"]["finished"]) - stamp(d["evidence"]["started"]))
        got = [seconds(c.get("time")) for c in cases]
        if not got or got[0] != want or any(got[1:]):
            problems.append(f"{d['name']!r}: testcase times {got}, evidence says {want} ms on the first")
    run = round(stamp(report["finished"]) - stamp(report["started"]))
    if seconds(root.get("time")) != run:
        problems.append(f"testsuites time={root.get('time')}, the run took {run} ms")
    return problems


def props(case):
    return {p.get("name"): p.get("value") for p in case.findall("properties/property")}


def main(report_path, junit_path):
    report = json.load(open(report_path, encoding="utf-8"))
    root = ET.parse(junit_path).getroot()
    problems = [] if root.tag == "testsuites" else [f"root element is <{root.tag}>"]
    for suite in root.iter("testsuite"):
        problems += count_problems(suite, suite.findall("testcase"), f"testsuite {suite.get('name')!r}")
    problems += count_problems(root, list(root.iter("testcase")), "testsuites")
    problems += time_problems(report, root)
    cases = {(c.get("classname"), c.get("name")): c for c in root.iter("testcase")}
    for c in root.iter("testcase"):
        p = props(c)
        if c.get("classname").count(".") != 1 or c.get("name") != f"{p.get('device')}: {p.get('check')}":
            problems.append(f"testcase {c.get('classname')!r} / {c.get('name')!r} properties {p}")
    for d in report["devices"]:
        classname = "attest." + d["rack"].replace(".", "_")
        for f in d["findings"] or [{"check": "evidence", "status": "fail", "detail": "no evidence"}]:
            case = cases.get((classname, f"{clean(d['name'])}: {f['check']}"))
            if case is None:
                problems.append(f"no testcase {classname} / {f['check']}")
            elif outcome(case) != OUTCOME[f["status"]]:
                problems.append(f"{classname} / {f['check']}: {outcome(case)} for status {f['status']}")
            elif OUTCOME[f["status"]] and clean(f["detail"]) != case.find(OUTCOME[f["status"]]).get("message"):
                problems.append(f"{classname} / {f['check']}: message does not carry the detail")
    for p in problems:
        print("check_junit:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
