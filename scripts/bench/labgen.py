"""Generates a clean site of N emulated devices for scripts/bench.sh site.

Every device logs in with the site credential, refuses every factory default and
retired credential, and runs approved firmware from firmware-db/, so a full gate
run passes all of them and the benchmark measures the checks, not failures.
"""
import json
import os

# Per profile: what the lab device claims (approved in firmware-db/firmware/),
# its inventory role, and the one command a site engineer's script would send
# to read the firmware version (exec devices: one exec request; shell devices:
# lines typed into an interactive shell, paging off first, then exit).
PROFILES = {
    "cisco-iosxe": {"vendor": "Cisco", "model": "C9300-48P", "version": "17.09.04a", "serial": "FOC{:07d}",
                    "role": "switch", "mode": "shell", "netmiko": "cisco_ios",
                    "lines": ["terminal length 0", "show version"]},
    "cisco-nxos": {"vendor": "Cisco", "model": "N9K-C93180YC-FX", "version": "10.3(4a)", "serial": "FDO{:07d}",
                   "role": "switch", "mode": "shell", "netmiko": "cisco_nxos",
                   "lines": ["terminal length 0", "show version | json"]},
    "juniper-junos": {"vendor": "Juniper", "model": "ex4300-48t", "version": "22.4R3-S2", "serial": "PE{:010d}",
                      "role": "switch", "mode": "shell", "netmiko": "juniper_junos",
                      "lines": ["set cli screen-length 0", "show version | display json"]},
    "arista-eos": {"vendor": "Arista", "model": "DCS-7050SX3-48YC8", "version": "4.30.1F", "serial": "JPE{:08d}",
                   "role": "switch", "mode": "exec", "netmiko": "arista_eos",
                   "lines": ["show version | json"]},
    "sonic": {"vendor": "SONiC", "model": "Accton-AS7326-56X", "version": "202305.1-7995b757b",
              "serial": "AS7326-{:08d}", "role": "switch", "mode": "exec", "netmiko": "linux",
              "lines": ["show version"]},
    "opengear": {"vendor": "Opengear", "model": "IM7216-2-24E-DAC", "version": "4.13.0", "serial": "IM72{:09d}",
                 "role": "console-server", "mode": "exec", "netmiko": "linux",
                 "lines": ["cat /etc/version"]},
    "generic-linux": {"vendor": "Dell Inc.", "model": "PowerEdge R660", "version": "12", "serial": "SRV{:08d}",
                      "role": "server", "mode": "exec", "netmiko": "linux",
                      "lines": ["cat /etc/os-release"]},
}

# The mix, repeated in this order: 3 of 12 devices are shell-only network OSes
# (IOS-XE, NX-OS, Junos), the rest answer exec requests, as in a rack of
# servers behind switches and a console server.
MIX = ["generic-linux", "arista-eos", "generic-linux", "cisco-iosxe", "sonic", "generic-linux",
       "juniper-junos", "arista-eos", "generic-linux", "cisco-nxos", "sonic", "opengear"]

RACK_SIZE = 40
USERNAME = "netops"
PASSWORD = "Bench-Netops-Pw-2026!"
RETIRED = [
    {"id": "netops-2023", "username": "netops", "password": "Bench-Retired-2023", "reason": "rotated 2024-01"},
    {"id": "jdoe-departed", "username": "jdoe", "password": "Bench-Jdoe-Pw", "reason": "employee left 2025-06"},
]


def address(prefix, index):
    """127.<prefix>.<index // 250>.<index % 250 + 1>: 250 devices per /24, up to 64,000."""
    return "127.{}.{}.{}".format(prefix, index // 250, index % 250 + 1)


def devices(count, prefix, profiles=None):
    out = []
    for i in range(count):
        profile = profiles[i % len(profiles)] if profiles else MIX[i % len(MIX)]
        p = PROFILES[profile]
        out.append({"name": "d{:05d}".format(i + 1), "profile": profile, "address": address(prefix, i),
                    "port": 2222, "serial": p["serial"].format(i + 1), "rack": "r{:03d}".format(i // RACK_SIZE + 1),
                    "position_u": RACK_SIZE - i % RACK_SIZE})
    return out


def lab_spec(devs, keys_dir, latency_ms):
    entries = []
    for d in devs:
        p = PROFILES[d["profile"]]
        entries.append({
            "name": d["name"], "profile": d["profile"], "listen": "{}:{}".format(d["address"], d["port"]),
            "host_key": os.path.join(keys_dir, d["name"] + ".key"),
            "facts": {"vendor": p["vendor"], "model": p["model"], "serial": d["serial"], "version": p["version"],
                      "hostname": d["name"]},
            "accounts": [{"username": USERNAME, "password": PASSWORD}],
            "latency_ms": latency_ms,
        })
    return {"schema": "attest.lab/v1", "devices": entries}


def inventory(devs, fingerprints, site="bench"):
    """An attest.inventory/v1 document; `fingerprints` maps names to the lab's pins ("" = unpinned)."""
    racks = {}
    for d in devs:
        p = PROFILES[d["profile"]]
        racks.setdefault(d["rack"], []).append({
            "name": d["name"], "role": p["role"], "profile": d["profile"], "model": p["model"],
            "serial": d["serial"], "address": d["address"], "port": d["port"],
            "host_key": fingerprints.get(d["name"], ""), "credential": USERNAME, "position_u": d["position_u"],
        })
    return {
        "schema": "attest.inventory/v1", "site": site,
        "defaults": {"port": 2222, "attempt_budget": 8,
                     "timeouts_ms": {"connect": 5000, "auth": 10000, "command": 15000, "total": 90000}},
        "racks": [{"name": name, "height_u": 42, "devices": members} for name, members in sorted(racks.items())],
    }


def secrets():
    return {"schema": "attest.secrets/v1",
            "credentials": {USERNAME: {"username": USERNAME, "password": PASSWORD}},
            "retired": RETIRED}


def targets(devs):
    """What the baselines need per device: where, how, what to send, what proves it answered."""
    out = []
    for d in devs:
        p = PROFILES[d["profile"]]
        out.append({"name": d["name"], "host": d["address"], "port": d["port"], "username": USERNAME,
                    "profile": d["profile"], "mode": p["mode"], "netmiko": p["netmiko"], "lines": p["lines"],
                    "version": p["version"]})
    return out


def write_json(path, doc, mode=0o644):
    tmp = path + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    os.chmod(tmp, mode)
    os.replace(tmp, path)
