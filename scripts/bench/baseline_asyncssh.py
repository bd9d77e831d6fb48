"""Baseline: an asyncssh program with every device in flight, reading the
firmware version only (exec devices: one exec request; shell devices: the
lines typed into a shell, then exit). Usage: baseline_asyncssh.py TARGETS OUT
The password comes from ATTEST_BENCH_PASSWORD, never argv. OUT gets one JSON
line per device: name, ok, seconds, error."""
import asyncio
import json
import os
import sys
import time
import warnings

warnings.simplefilter("ignore")  # asyncssh imports ciphers that cryptography deprecates
import asyncssh  # noqa: E402


async def read_version(t, password):
    async with asyncssh.connect(t["host"], port=t["port"], username=t["username"], password=password,
                                known_hosts=None, client_keys=None, agent_path=None,
                                preferred_auth="password", login_timeout=60) as conn:
        if t["mode"] == "exec":
            result = await conn.run(t["lines"][0], check=False)
            return result.stdout
        typed = "".join(line + "\n" for line in t["lines"] + ["exit"])
        proc = await conn.create_process(term_type="vt100")
        proc.stdin.write(typed)
        out = await proc.stdout.read()
        proc.close()
        return out


async def one(t, password):
    start = time.monotonic()
    try:
        out = await asyncio.wait_for(read_version(t, password), 300)
        ok, error = t["version"] in out, ""
    except (OSError, asyncssh.Error, asyncio.TimeoutError) as e:
        ok, error = False, "{}: {}".format(type(e).__name__, e)
    return {"name": t["name"], "ok": ok, "seconds": time.monotonic() - start, "error": error}


async def main(targets_path, out_path):
    with open(targets_path) as f:
        targets = json.load(f)
    password = os.environ["ATTEST_BENCH_PASSWORD"]
    results = await asyncio.gather(*(one(t, password) for t in targets))
    with open(out_path, "w") as f:
        for r in results:
            f.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
