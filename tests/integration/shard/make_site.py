#!/usr/bin/env python3
"""A small site from the demo rack: its first 17 lab devices (the SSH ones it
had before its SNMP PDU and Redfish BMCs, which the merge does not need) spread over racks
r01..r05 (6, 4, 3, 2 and 2 devices) plus an empty rack r06, on addresses of
their own (127.83.OCTET.N, so another checkout's demo lab cannot hold them).
Also a one-rack inventory whose second device hangs (TCP open, never a
banner), for the interrupted shard.

Writes, into OUT: lab.json, site.json, hang-lab.json, hang.json.
Usage: make_site.py DEMO_DIR OCTET OUT
"""
import copy
import json
import sys

demo, octet, out = sys.argv[1], sys.argv[2], sys.argv[3]
SIZES = [6, 4, 3, 2, 2]


def moved(address):
    return address.replace("127.77.0.", f"127.83.{octet}.")


def write(name, doc):
    with open(f"{out}/{name}", "w") as f:
        json.dump(doc, f, indent=1)


inv = json.load(open(f"{demo}/inventory.json"))
kept = [d["name"] for d in inv["racks"][0]["devices"]][:sum(SIZES)]
spec = json.load(open(f"{demo}/lab.json"))
spec["devices"] = [d for d in spec["devices"] if d["name"] in kept]
for d in spec["devices"]:
    d["host_key"] = f"{demo}/{d['host_key']}"
    d["listen"] = moved(d["listen"])
write("lab.json", spec)

devices = [dict(d, address=moved(d["address"])) for d in inv["racks"][0]["devices"] if d["name"] in kept]
assert len(devices) == sum(SIZES), len(devices)
site = copy.deepcopy(inv)
site["racks"], start = [], 0
for i, size in enumerate(SIZES):
    site["racks"].append({"name": f"r0{i + 1}", "height_u": 42, "devices": devices[start:start + size]})
    start += size
site["racks"].append({"name": "r06", "height_u": 42, "devices": []})
write("site.json", site)

# The interrupted shard: one fast device, one that hangs until the signal.
fast, hang = "sw-r01-agg", "srv-r01-02"
hang_spec = copy.deepcopy(spec)
hang_spec["devices"] = [d for d in hang_spec["devices"] if d["name"] in (fast, hang)]
for d in hang_spec["devices"]:
    d["listen"] = d["listen"].replace(f"127.83.{octet}.", f"127.84.{octet}.")
    if d["name"] == hang:
        d["fault"] = "hang"
write("hang-lab.json", hang_spec)
hang_inv = copy.deepcopy(inv)
hang_inv["racks"] = [{"name": "h01", "height_u": 42, "devices": [
    dict(d, address=d["address"].replace(f"127.83.{octet}.", f"127.84.{octet}."))
    for d in devices if d["name"] in (fast, hang)]}]
hang_inv["defaults"]["timeouts_ms"] = {"connect": 300000, "auth": 300000, "command": 300000, "total": 600000}
write("hang.json", hang_inv)
