"""Baseline: Netmiko (Debian python3-netmiko) in 32 threads, reading the
firmware version only with each device type's own session preparation.
Usage: baseline_netmiko.py TARGETS OUT [THREADS]
The password comes from ATTEST_BENCH_PASSWORD, never argv. OUT gets one JSON
line per device: name, ok, seconds, error."""
import concurrent.futures
import json
import logging
import os
import sys
import time
import warnings

warnings.simplefilter("ignore")
logging.disable(logging.CRITICAL)  # paramiko logs every failed transport
import netmiko  # noqa: E402


def one(t, password):
    start = time.monotonic()
    try:
        conn = netmiko.ConnectHandler(device_type=t["netmiko"], host=t["host"], port=t["port"],
                                      username=t["username"], password=password, use_keys=False,
                                      allow_agent=False, timeout=60, banner_timeout=60, auth_timeout=60)
        try:
            out = conn.send_command(t["lines"][-1])
        finally:
            conn.disconnect()
        ok, error = t["version"] in out, ""
    except Exception as e:  # noqa: BLE001 - a baseline records every failure and goes on
        ok, error = False, "{}: {}".format(type(e).__name__, str(e).splitlines()[0] if str(e) else "")
    return {"name": t["name"], "ok": ok, "seconds": time.monotonic() - start, "error": error}


def main(targets_path, out_path, threads):
    with open(targets_path) as f:
        targets = json.load(f)
    password = os.environ["ATTEST_BENCH_PASSWORD"]
    with concurrent.futures.ThreadPoolExecutor(max_workers=threads) as pool:
        results = list(pool.map(lambda t: one(t, password), targets))
    with open(out_path, "w") as f:
        for r in results:
            f.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 32)
