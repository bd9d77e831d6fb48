#!/usr/bin/env python3
"""The merged site report against the unsharded run of the same inventory:
same devices in the same (inventory) order, same verdict and the same
(check, status) findings per device, same summary and racks, the same
inputs (inventory, golden DB, enrollments), and a shard record whose digests
are those of the shard reports on disk. Prints one line per difference;
exit 1 on any.
Usage: compare_reports.py FULL_REPORT SITE_REPORT SHARDS_DIR
"""
import hashlib
import json
import sys

full, site, shards_dir = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
problems = []


def expect(what, mine, want):
    if mine != want:
        problems.append(f"{what}: merged {mine!r}, unsharded {want!r}")


def verdicts(report):
    return [(d["name"], d["verdict"], [(f["check"], f["status"]) for f in d["findings"]]) for d in report["devices"]]


expect("schema", site["schema"], full["schema"])
expect("devices (name, verdict, findings) in order", verdicts(site), verdicts(full))
expect("summary", site["summary"], full["summary"])
expect("racks", site["racks"], full["racks"])
for key in ("site", "inventory", "enrollments", "tool"):
    expect(key, site[key], full[key])
# Where each run kept the DB differs (the pods unpack it); what was verified may not.
expect("golden_db", {k: v for k, v in site["golden_db"].items() if k != "dir"},
       {k: v for k, v in full["golden_db"].items() if k != "dir"})
expect("partial", site["partial"], False)
expect("shard", site["shard"], None)
expect("signature key", site["signature"]["key_id"], full["signature"]["key_id"])

record = site["shards"]
expect("shards.count", record["count"], 3)
expect("shards.rule", record["rule"], "balanced-racks/v1")
for i, r in enumerate(record["reports"]):
    path = f"{shards_dir}/shard-{i}/report.json"
    expect(f"shards.reports[{i}].index", r["index"], i)
    expect(f"shards.reports[{i}].sha256", r["sha256"], hashlib.sha256(open(path, "rb").read()).hexdigest())
    expect(f"shards.reports[{i}].key_id", r["key_id"], full["signature"]["key_id"])
    shard = json.load(open(path))
    expect(f"shards.reports[{i}].racks", r["racks"], [x["name"] for x in shard["racks"]])
    expect(f"shards.reports[{i}].finished", r["finished"], shard["finished"])
expect("finished is the earliest shard's", site["finished"], min(r["finished"] for r in record["reports"]))

for p in problems:
    print(p)
print(f"compared {len(site['devices'])} devices: {len(problems)} differences")
sys.exit(1 if problems else 0)
